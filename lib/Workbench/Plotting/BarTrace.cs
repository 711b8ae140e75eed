using System.Text.Json.Serialization;

namespace Workbench.Plotting;

/// <summary>
/// A plotly.js bar trace. Several bar traces are grouped or stacked by the layout's barmode.
/// Horizontal bars (<see cref="Orientation"/> "h") take their values from x and categories from y.
/// </summary>
public sealed class BarTrace : Trace
{
    public override string Type => "bar";

    public PlotArray? X { get; set; }

    public PlotArray? Y { get; set; }

    /// <summary>"v" (the default) or "h".</summary>
    public string? Orientation { get; set; }

    [JsonPropertyName("hovertext")]
    public PlotArray? HoverText { get; set; }

    public MarkerStyle? Marker { get; set; }
}
