namespace Workbench.Plotting;

/// <summary>A layout shape: a line that marks a value, or a shaded rectangle that marks a region. xref/yref name an axis ("x2") or its domain ("y2 domain": 0..1 of that subplot).</summary>
public sealed class Shape
{
    public string Type { get; set; } = "line";

    public string? Xref { get; set; }

    public string? Yref { get; set; }

    public double X0 { get; set; }

    public double X1 { get; set; }

    public double Y0 { get; set; }

    public double Y1 { get; set; }

    public LineStyle? Line { get; set; }

    [System.Text.Json.Serialization.JsonPropertyName("fillcolor")]
    public string? FillColor { get; set; }

    public double? Opacity { get; set; }

    /// <summary>"below" draws the shape under the traces.</summary>
    public string? Layer { get; set; }
}
