namespace Workbench.Plotting;

/// <summary>How bar traces that share a category are drawn (plotly.js layout.barmode).</summary>
public enum BarMode
{
    Group,
    Stack,
    Overlay,
    Relative,
}
