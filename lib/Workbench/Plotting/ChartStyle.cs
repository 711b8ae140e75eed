using Plotly.NET;
using Microsoft.FSharp.Core;
using Plotly.NET.LayoutObjects;
using FsChart = Plotly.NET.Chart;

namespace Workbench.Plotting;

/// <summary>
/// The layout touches the workbench's charts need and Plotly.NET.CSharp does not offer: a title, axis
/// titles, reference lines and shaded regions. Each returns the chart it was given, styled.
/// </summary>
public static class ChartStyle
{
    /// <summary>The chart's title.</summary>
    public static GenericChart WithTitle(this GenericChart chart, string title) =>
        FsChart.withTitle(title, null).Invoke(chart);

    /// <summary>Both axis titles: every chart a learner reads says what its axes measure.</summary>
    public static GenericChart WithAxisTitles(this GenericChart chart, string xTitle, string yTitle, bool logY = false) =>
        Plotly.NET.CSharp.GenericChartExtensions.WithYAxisStyle<double, double, string>(
            Plotly.NET.CSharp.GenericChartExtensions.WithXAxisStyle<double, double, string>(chart, TitleText: xTitle),
            TitleText: yTitle, AxisType: logY ? StyleParam.AxisType.Log : StyleParam.AxisType.Auto);

    /// <summary>Both axes as categories, in the order given: names such as "0" or "1" stay labels instead of numbers.</summary>
    public static GenericChart WithCategoryAxes(this GenericChart chart) =>
        Plotly.NET.CSharp.GenericChartExtensions.WithYAxisStyle<double, double, string>(
            Plotly.NET.CSharp.GenericChartExtensions.WithXAxisStyle<double, double, string>(chart, AxisType: StyleParam.AxisType.Category),
            AxisType: StyleParam.AxisType.Category);

    /// <summary>A dashed vertical line at x over the plot's full height, labelled above it (e.g. L1's choice among random candidates).</summary>
    public static GenericChart WithVerticalLine(this GenericChart chart, double x, string? label = null, string color = "crimson") =>
        WithShape(chart, Line(StyleParam.ShapeType.Line, x, x, 0.0, 1.0, "x", "y domain", color), label is null ? null : Label(label, x, 1.0, "x", "y domain"));

    /// <summary>A dashed horizontal line at y across the plot's full width, labelled at its right end (e.g. a baseline).</summary>
    public static GenericChart WithHorizontalLine(this GenericChart chart, double y, string? label = null, string color = "grey") =>
        WithShape(chart, Line(StyleParam.ShapeType.Line, 0.0, 1.0, y, y, "x domain", "y", color), label is null ? null : Label(label, 1.0, y, "x domain", "y", StyleParam.XAnchorPosition.Right));

    /// <summary>A shaded rectangle under the traces (x0..x1 by y0..y1 in data units), labelled at its top left (e.g. a paper's target).</summary>
    public static GenericChart WithRegion(this GenericChart chart, double x0, double x1, double y0, double y1, string? label = null, string color = "seagreen")
    {
        var region = FSharpNamedArguments.Call<Shape>(typeof(Shape), nameof(Shape.init),
        [
            ("ShapeType", StyleParam.ShapeType.Rectangle), ("X0", x0), ("X1", x1), ("Y0", y0), ("Y1", y1), ("Xref", "x"), ("Yref", "y"),
            ("FillColor", Color.fromString(color)), ("Opacity", 0.15), ("Layer", StyleParam.Layer.Below), ("Line", LineOf(color, 0.0, dashed: false)),
        ]);
        return WithShape(chart, region, label is null ? null : Label(label, x0, y1, "x", "y"));
    }

    /// <summary>Fixes a heatmap's colour range, so that a colour means the same value in every figure that shares it.</summary>
    public static GenericChart WithColourRange(this GenericChart chart, double zMin, double zMax) =>
        // Plotly.NET.CSharp's Heatmap takes no range, and the F# style function's generics defeat a call from C#;
        // a trace is a dynamic object, so the two plotly attributes are set on it directly.
        GenericChart.mapTrace(FuncConvert.FromFunc<Trace, Trace>(trace =>
        {
            trace.SetProperty("zmin", zMin);
            trace.SetProperty("zmax", zMax);
            return trace;
        }), chart);

    private static GenericChart WithShape(GenericChart chart, Shape shape, Annotation? label)
    {
        var styled = FsChart.withShapes([shape], true).Invoke(chart);
        return label is null ? styled : FsChart.withAnnotations([label], true).Invoke(styled);
    }

    private static Shape Line(StyleParam.ShapeType type, double x0, double x1, double y0, double y1, string xref, string yref, string color) =>
        FSharpNamedArguments.Call<Shape>(typeof(Shape), nameof(Shape.init),
            [("ShapeType", type), ("X0", x0), ("X1", x1), ("Y0", y0), ("Y1", y1), ("Xref", xref), ("Yref", yref), ("Line", LineOf(color, 2.0, dashed: true))]);

    private static Line LineOf(string color, double width, bool dashed) =>
        FSharpNamedArguments.Call<Line>(typeof(Line), nameof(Plotly.NET.Line.init),
            dashed ? [("Color", Color.fromString(color)), ("Width", width), ("Dash", StyleParam.DrawingStyle.Dash)] : [("Color", Color.fromString(color)), ("Width", width)]);

    private static Annotation Label(string text, double x, double y, string xref, string yref, StyleParam.XAnchorPosition? xAnchor = null)
    {
        List<(string, object)> arguments = [("Text", text), ("X", x), ("Y", y), ("XRef", xref), ("YRef", yref), ("ShowArrow", false), ("YAnchor", StyleParam.YAnchorPosition.Bottom)];
        if (xAnchor is not null) arguments.Add(("XAnchor", xAnchor));
        return FSharpNamedArguments.Call<Annotation>(typeof(Annotation), nameof(Annotation.init), [.. arguments]);
    }
}
