namespace Workbench.Plotting;

// The trace builders: each adds one plotly.js trace to the current cell and returns the figure.
public sealed partial class Figure
{
    /// <summary>A line through (x, y); <paramref name="dash"/> is plotly's "dash", "dot", "dashdot", ...</summary>
    public Figure Line(PlotArray x, PlotArray y, string? name = null, PlotArray? hoverText = null, string? color = null, string? dash = null) =>
        Scatter("lines", x, y, name, hoverText, color is null && dash is null ? null : new LineStyle { Color = color, Dash = dash }, null);

    /// <summary>Points at (x, y), unconnected.</summary>
    public Figure Markers(PlotArray x, PlotArray y, string? name = null, PlotArray? hoverText = null, string? color = null, double? size = null) =>
        Scatter("markers", x, y, name, hoverText, null, color is null && size is null ? null : new MarkerStyle { Color = color, Size = size });

    /// <summary>A line through (x, y) with a marker at each point.</summary>
    public Figure LinesMarkers(PlotArray x, PlotArray y, string? name = null, PlotArray? hoverText = null, string? color = null) =>
        Scatter("lines+markers", x, y, name, hoverText, color is null ? null : new LineStyle { Color = color }, color is null ? null : new MarkerStyle { Color = color });

    /// <summary>One bar per category; several Bar traces are grouped unless <see cref="BarMode"/> says otherwise.</summary>
    public Figure Bar(PlotArray categories, PlotArray values, string? name = null, bool horizontal = false, PlotArray? hoverText = null, string? color = null)
    {
        SameLength(categories, values, "categories", "values");
        CheckHoverText(hoverText, values.Length);
        return Add(new BarTrace
        {
            // plotly's horizontal bars take their lengths from x and their categories from y.
            X = horizontal ? values : categories,
            Y = horizontal ? categories : values,
            Orientation = horizontal ? "h" : null,
            Name = name,
            HoverText = hoverText,
            Marker = color is null ? null : new MarkerStyle { Color = color },
        });
    }

    /// <summary>
    /// A heatmap of z (row r is drawn at y label r, column c at x label c). <paramref name="zMin"/>/<paramref name="zMax"/>
    /// fix the colour range so that several heatmaps compare (e.g. 0..1 for masks and CKA).
    /// </summary>
    public Figure Heatmap(PlotMatrix z, PlotArray? x = null, PlotArray? y = null, string colorScale = "Viridis", double? zMin = null, double? zMax = null, string? name = null, bool showScale = true)
    {
        ArgumentNullException.ThrowIfNull(z);
        if (x is not null && x.Length != z.Columns) throw new ArgumentException($"{x.Length} x labels for {z.Columns} columns", nameof(x));
        if (y is not null && y.Length != z.Rows) throw new ArgumentException($"{y.Length} y labels for {z.Rows} rows", nameof(y));
        return Add(new HeatmapTrace { Z = z, X = x, Y = y, ColorScale = colorScale, ZMin = zMin, ZMax = zMax, Name = name, ShowScale = showScale ? null : false });
    }

    /// <summary>A histogram of values; <paramref name="bins"/> is the most bins plotly.js may use.</summary>
    public Figure Histogram(PlotArray values, string? name = null, int? bins = null, string? color = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (bins is < 1) throw new ArgumentOutOfRangeException(nameof(bins), bins, "a histogram needs at least one bin");
        return Add(new HistogramTrace { X = values, Name = name, NBinsX = bins, Marker = color is null ? null : new MarkerStyle { Color = color } });
    }

    private Figure Scatter(string mode, PlotArray x, PlotArray y, string? name, PlotArray? hoverText, LineStyle? line, MarkerStyle? marker)
    {
        SameLength(x, y, "x", "y");
        CheckHoverText(hoverText, y.Length);
        return Add(new ScatterTrace { Mode = mode, X = x, Y = y, Name = name, HoverText = hoverText, Line = line, Marker = marker });
    }

    // plotly.js silently drops the points beyond the shorter array; a mismatch is almost always a bug.
    private static void SameLength(PlotArray a, PlotArray b, string aName, string bName)
    {
        ArgumentNullException.ThrowIfNull(a, aName);
        ArgumentNullException.ThrowIfNull(b, bName);
        if (a.Length != b.Length) throw new ArgumentException($"{aName} has {a.Length} values but {bName} has {b.Length}", bName);
    }

    private static void CheckHoverText(PlotArray? hoverText, int length)
    {
        if (hoverText is not null && hoverText.Length != length)
            throw new ArgumentException($"{hoverText.Length} hover texts for {length} points", nameof(hoverText));
    }
}
