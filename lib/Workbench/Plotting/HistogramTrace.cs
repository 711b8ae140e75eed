using System.Text.Json.Serialization;

namespace Workbench.Plotting;

/// <summary>A plotly.js histogram of x, binned by plotly.js in the browser.</summary>
public sealed class HistogramTrace : Trace
{
    public override string Type => "histogram";

    public PlotArray? X { get; set; }

    /// <summary>The most bins plotly.js may use (it picks "nice" bin edges up to this many).</summary>
    [JsonPropertyName("nbinsx")]
    public int? NBinsX { get; set; }

    public MarkerStyle? Marker { get; set; }

    public double? Opacity { get; set; }
}
