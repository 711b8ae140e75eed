using System.Text.Json.Serialization;

namespace Workbench.Plotting;

/// <summary>A plotly.js heatmap: z row by row, optional column (x) and row (y) labels.</summary>
public sealed class HeatmapTrace : Trace
{
    public override string Type => "heatmap";

    public PlotMatrix? Z { get; set; }

    /// <summary>One label per column.</summary>
    public PlotArray? X { get; set; }

    /// <summary>One label per row.</summary>
    public PlotArray? Y { get; set; }

    /// <summary>A plotly colorscale name: "Viridis", "Greys", "RdBu", "Blues", ...</summary>
    [JsonPropertyName("colorscale")]
    public string? ColorScale { get; set; }

    [JsonPropertyName("reversescale")]
    public bool? ReverseScale { get; set; }

    /// <summary>Fixes the colour range (e.g. 0..1 for a mask or CKA) instead of the data's min and max.</summary>
    [JsonPropertyName("zmin")]
    public double? ZMin { get; set; }

    [JsonPropertyName("zmax")]
    public double? ZMax { get; set; }

    [JsonPropertyName("showscale")]
    public bool? ShowScale { get; set; }
}
