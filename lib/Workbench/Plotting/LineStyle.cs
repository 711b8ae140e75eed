namespace Workbench.Plotting;

/// <summary>A trace's or shape's line: colour (any CSS colour), width in pixels, dash ("dash", "dot", ...).</summary>
public sealed class LineStyle
{
    public string? Color { get; set; }

    public double? Width { get; set; }

    public string? Dash { get; set; }
}
