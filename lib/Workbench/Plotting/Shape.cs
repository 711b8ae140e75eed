namespace Workbench.Plotting;

/// <summary>A layout shape (here: lines that mark a value). xref/yref name an axis ("x2") or its domain ("y2 domain": 0..1 of that subplot).</summary>
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
}
