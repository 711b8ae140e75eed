namespace Workbench.Plotting;

/// <summary>A trace's markers or bars: colour (any CSS colour) and marker size in pixels.</summary>
public sealed class MarkerStyle
{
    public string? Color { get; set; }

    public double? Size { get; set; }
}
