using System.Text.Json.Serialization;

namespace Workbench.Plotting;

/// <summary>
/// A figure's plotly.js layout. Axes are keyed by plotly's names ("xaxis", "yaxis2", ...) and
/// written as top-level layout properties, as plotly.js expects.
/// </summary>
public sealed class Layout
{
    public TitleText? Title { get; set; }

    /// <summary>"group", "stack", "overlay" or "relative" (how several bar traces share a category).</summary>
    [JsonPropertyName("barmode")]
    public string? BarMode { get; set; }

    [JsonPropertyName("showlegend")]
    public bool? ShowLegend { get; set; }

    /// <summary>Pixels; null lets the figure fill its container.</summary>
    public int? Width { get; set; }

    public int? Height { get; set; }

    public LayoutGrid? Grid { get; set; }

    public List<Shape>? Shapes { get; set; }

    public List<Annotation>? Annotations { get; set; }

    /// <summary>Axes by plotly name; serialised as layout.xaxis, layout.yaxis2, ...</summary>
    [JsonIgnore]
    public SortedDictionary<string, Axis> Axes { get; } = new(StringComparer.Ordinal);
}
