namespace Workbench.Plotting;

/// <summary>The ready-made charts of the pruning work, each a few calls on <see cref="Figure"/>.</summary>
public static class Charts
{
    /// <summary>One line per series, markers at the points (e.g. MCR against pruning ratio per criterion).</summary>
    public static Figure Curves(string title, string xLabel, string yLabel, (string Name, double[] X, double[] Y)[] series, bool logY = false)
    {
        ArgumentNullException.ThrowIfNull(series);
        var figure = new Figure().Title(title).XAxis(xLabel).YAxis(yLabel, log: logY);
        foreach (var (name, x, y) in series) figure.LinesMarkers(x, y, name);
        return figure;
    }

    /// <summary>One bar per category and series: side by side, or stacked.</summary>
    public static Figure Bars(string title, string[] categories, (string Name, double[] Values)[] series, bool stacked = false)
    {
        ArgumentNullException.ThrowIfNull(series);
        var figure = new Figure().Title(title).BarMode(stacked ? BarMode.Stack : BarMode.Group);
        foreach (var (name, values) in series) figure.Bar(categories, values, name);
        return figure;
    }

    /// <summary>
    /// A matrix as a heatmap, first row at the top as it is printed (a kernel mask out×in, a CKA matrix).
    /// z converts from double[,], double[][] or a 2-D tensor.
    /// </summary>
    public static Figure Heatmap(string title, PlotMatrix z, string[]? xLabels = null, string[]? yLabels = null, string colorScale = "Viridis", double? zMin = null, double? zMax = null) =>
        new Figure().Title(title).Heatmap(z, xLabels, yLabels, colorScale, zMin, zMax).YAxis(reversed: true);

    /// <summary>
    /// A histogram of values, optionally with a vertical line at <paramref name="markAt"/> (e.g. where the
    /// L1 choice falls among random candidates), labelled <paramref name="markLabel"/>.
    /// </summary>
    public static Figure Histogram(string title, double[] values, double? markAt = null, string? markLabel = null, int? bins = null)
    {
        var figure = new Figure().Title(title).Histogram(values, bins: bins);
        return markAt is { } x ? figure.VLine(x, markLabel) : figure;
    }
}
