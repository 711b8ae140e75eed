using System.Text.Json.Serialization;

namespace Workbench.Plotting;

/// <summary>A plotly.js scatter trace: lines, markers, or both (<see cref="Mode"/>).</summary>
public sealed class ScatterTrace : Trace
{
    public override string Type => "scatter";

    /// <summary>"lines", "markers" or "lines+markers".</summary>
    public string? Mode { get; set; }

    public PlotArray? X { get; set; }

    public PlotArray? Y { get; set; }

    /// <summary>One hover label per point (shown with the point's x and y).</summary>
    [JsonPropertyName("hovertext")]
    public PlotArray? HoverText { get; set; }

    public LineStyle? Line { get; set; }

    public MarkerStyle? Marker { get; set; }
}
