using Plotly.NET;
using Chart = Plotly.NET.CSharp.Chart;

namespace Workbench.Plotting;

/// <summary>
/// The ready-made charts of the pruning work, built with Plotly.NET: each is a <see cref="GenericChart"/>
/// that a notebook cell shows as its value, that composes with Plotly.NET's own functions, and that
/// <see cref="ChartFile.SaveOfflineHtml"/> writes as a page that opens offline.
/// </summary>
public static class Charts
{
    /// <summary>One line per series, markers at the points (e.g. MCR against pruning ratio per criterion).</summary>
    public static GenericChart Curves(string title, string xLabel, string yLabel, (string Name, double[] X, double[] Y)[] series, bool logY = false)
    {
        ArgumentNullException.ThrowIfNull(series);
        foreach (var (name, x, y) in series)
            if (x.Length != y.Length) throw new ArgumentException($"series '{name}' has {x.Length} x values but {y.Length} y values", nameof(series));
        return Chart.Combine(series.Select(s => Chart.Line<double, double, string>(s.X, s.Y, ShowMarkers: true, Name: s.Name)))
            .WithTitle(title).WithAxisTitles(xLabel, yLabel, logY);
    }

    /// <summary>One bar per category and series: side by side, or stacked.</summary>
    public static GenericChart Bars(string title, string[] categories, (string Name, double[] Values)[] series, bool stacked = false, string xLabel = "", string yLabel = "")
    {
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(series);
        foreach (var (name, values) in series)
            if (values.Length != categories.Length) throw new ArgumentException($"series '{name}' has {values.Length} values for {categories.Length} categories", nameof(series));
        var bars = series.Select(s => stacked
            ? Chart.StackedColumn<double, string, string>(s.Values, Keys: categories, Name: s.Name)
            : Chart.Column<double, string, string>(s.Values, Keys: categories, Name: s.Name));
        return Chart.Combine(bars).WithTitle(title).WithAxisTitles(xLabel, yLabel);
    }

    /// <summary>
    /// A matrix as a heatmap, first row at the top as it is printed (a kernel mask out×in, a CKA matrix).
    /// z converts from double[,], double[][] or a 2-D tensor; NaN cells are left blank. <paramref name="zMin"/>
    /// and <paramref name="zMax"/> fix the colour range (both or neither).
    /// </summary>
    public static GenericChart Heatmap(string title, PlotMatrix z, string[]? xLabels = null, string[]? yLabels = null,
        StyleParam.Colorscale? colorScale = null, double? zMin = null, double? zMax = null, bool showScale = true, string xLabel = "", string yLabel = "")
    {
        ArgumentNullException.ThrowIfNull(z);
        if (xLabels is not null && xLabels.Length != z.Columns) throw new ArgumentException($"{xLabels.Length} x labels for {z.Columns} columns", nameof(xLabels));
        if (yLabels is not null && yLabels.Length != z.Rows) throw new ArgumentException($"{yLabels.Length} y labels for {z.Rows} rows", nameof(yLabels));
        if (zMin.HasValue != zMax.HasValue) throw new ArgumentException("give both zMin and zMax, or neither");
        var chart = Chart.Heatmap<double, string, string, string>(z.RowArrays,
            X: Maybe<IEnumerable<string>>(xLabels), Y: Maybe<IEnumerable<string>>(yLabels),
            ColorScale: colorScale ?? StyleParam.Colorscale.Viridis, ShowScale: showScale, ReverseYAxis: true);
        if (zMin is { } low && zMax is { } high) chart = chart.WithColourRange(low, high);
        if (z.RowArrays.Any(row => row.Any(double.IsNaN))) chart = WithGaps(chart, z);
        return chart.WithTitle(title).WithAxisTitles(xLabel, yLabel);
    }

    /// <summary>
    /// A histogram of values, optionally with a vertical line at <paramref name="markAt"/> (e.g. where the
    /// L1 choice falls among random candidates), labelled <paramref name="markLabel"/>.
    /// </summary>
    public static GenericChart Histogram(string title, double[] values, double? markAt = null, string? markLabel = null, int? bins = null, string xLabel = "", string yLabel = "count")
    {
        ArgumentNullException.ThrowIfNull(values);
        if (bins is < 1) throw new ArgumentOutOfRangeException(nameof(bins), bins, "a histogram needs at least one bin");
        var chart = Chart.Histogram<double, double, string>(X: values, NBinsX: bins is { } n ? n : default(Plotly.NET.CSharp.Optional<int>), ShowLegend: false)
            .WithTitle(title).WithAxisTitles(xLabel, yLabel);
        return markAt is { } x ? chart.WithVerticalLine(x, markLabel) : chart;
    }

    // Plotly.NET writes NaN as the string "NaN"; JSON null is what plotly.js leaves blank (and what nbformat validators accept).
    private static GenericChart WithGaps(GenericChart chart, PlotMatrix z)
    {
        double?[][] withNulls = [.. z.RowArrays.Select(row => row.Select(v => double.IsNaN(v) ? (double?)null : v).ToArray())];
        return GenericChart.mapTrace(Microsoft.FSharp.Core.FuncConvert.FromFunc<Trace, Trace>(trace =>
        {
            trace.SetProperty("z", withNulls);
            return trace;
        }), chart);
    }

    // Plotly.NET.CSharp's Optional: absent (not "present and null") when the caller gave nothing.
    private static Plotly.NET.CSharp.Optional<T> Maybe<T>(T? value) where T : class
    {
        if (value is null) return default;
        return value;
    }
}
