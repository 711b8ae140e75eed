using System.Text.Json.Serialization;

namespace Workbench.Plotting;

/// <summary>A layout axis (layout.xaxis, layout.yaxis2, ...).</summary>
public sealed class Axis
{
    public TitleText? Title { get; set; }

    /// <summary>"log", "linear", "category", ...; null lets plotly.js infer it from the data.</summary>
    public string? Type { get; set; }

    /// <summary>"reversed" draws the axis high to low (a matrix's first row at the top).</summary>
    [JsonPropertyName("autorange")]
    public string? AutoRange { get; set; }
}
