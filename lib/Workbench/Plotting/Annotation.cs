using System.Text.Json.Serialization;

namespace Workbench.Plotting;

/// <summary>A layout annotation: text placed at (x, y) in the given references (see <see cref="Shape"/>).</summary>
public sealed class Annotation
{
    public string Text { get; set; } = "";

    public string? Xref { get; set; }

    public string? Yref { get; set; }

    public double X { get; set; }

    public double Y { get; set; }

    [JsonPropertyName("showarrow")]
    public bool ShowArrow { get; set; }

    [JsonPropertyName("yanchor")]
    public string? YAnchor { get; set; }
}
