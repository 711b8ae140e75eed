using Microsoft.FSharp.Core;
using Plotly.NET;
using Plotly.NET.LayoutObjects;
using FsChart = Plotly.NET.Chart;

namespace Workbench.Plotting;

/// <summary>
/// A row of boxes joined by arrows, with an optional arrow back for a step that repeats: a method's
/// pipeline drawn as a chart, so a notebook shows it inline and a saved notebook keeps it, like any figure.
/// </summary>
public static class FlowDiagram
{
    private const double BoxHalfWidth = 0.42, BoxHalfHeight = 0.3, LoopDepth = 0.75;

    /// <param name="title">The figure's title.</param>
    /// <param name="steps">One box each, left to right; a '\n' breaks a line.</param>
    /// <param name="loop">An arrow under the boxes from step <c>From</c> back to step <c>To</c>, labelled (e.g. "next layer").</param>
    public static GenericChart Of(string title, IReadOnlyList<string> steps, (int From, int To, string Label)? loop = null)
    {
        ArgumentNullException.ThrowIfNull(steps);
        if (steps.Count == 0) throw new ArgumentException("a flow diagram needs at least one step", nameof(steps));
        if (loop is { } l && (l.From < 0 || l.From >= steps.Count || l.To < 0 || l.To >= l.From))
            throw new ArgumentOutOfRangeException(nameof(loop), loop, $"a loop goes back from a later step to an earlier one among steps 0..{steps.Count - 1}");

        var shapes = new List<Shape>();
        var annotations = new List<Annotation>();
        for (int i = 0; i < steps.Count; i++)
        {
            shapes.Add(Box(i));
            annotations.Add(Text(steps[i].Replace("\n", "<br>", StringComparison.Ordinal), i, 0));
            if (i > 0) annotations.Add(Arrow(i - 1 + BoxHalfWidth, 0, i - BoxHalfWidth, 0));
        }
        if (loop is { } back)
        {
            // Down from the later box, left under the row, and up into the earlier one.
            shapes.Add(Path($"M {back.From},{-BoxHalfHeight} L {back.From},{-LoopDepth} L {back.To},{-LoopDepth}"));
            annotations.Add(Arrow(back.To, -LoopDepth, back.To, -BoxHalfHeight));
            annotations.Add(Text(back.Label, (back.From + back.To) / 2.0, -LoopDepth - 0.12, boxed: false));
        }

        // plotly needs a trace to lay out the axes; this one is invisible and takes no hover.
        var anchor = Plotly.NET.CSharp.Chart.Point<double, double, string>(new double[] { 0, steps.Count - 1 }, new double[] { 0, 0 }, ShowLegend: false);
        anchor = GenericChart.mapTrace(FuncConvert.FromFunc<Trace, Trace>(trace =>
        {
            trace.SetProperty("opacity", 0.0);
            trace.SetProperty("hoverinfo", "skip");
            return trace;
        }), anchor);
        var chart = FsChart.withShapes(shapes, true).Invoke(anchor);
        chart = FsChart.withAnnotations(annotations, true).Invoke(chart);
        chart = FsChart.withXAxis(HiddenAxis(-0.6, steps.Count - 0.4), null).Invoke(chart);
        chart = FsChart.withYAxis(HiddenAxis(-1.1, 0.6), null).Invoke(chart);
        return FsChart.withSize(Math.Max(500, 170.0 * steps.Count), 300).Invoke(chart).WithTitle(title);
    }

    private static Shape Box(int i) =>
        FSharpNamedArguments.Call<Shape>(typeof(Shape), nameof(Shape.init),
        [
            ("ShapeType", StyleParam.ShapeType.Rectangle), ("X0", i - BoxHalfWidth), ("X1", i + BoxHalfWidth), ("Y0", -BoxHalfHeight), ("Y1", BoxHalfHeight),
            ("Xref", "x"), ("Yref", "y"), ("FillColor", Color.fromString("#dbe9f6")), ("Line", LineOf("#4a78a8")),
        ]);

    private static Shape Path(string path) =>
        FSharpNamedArguments.Call<Shape>(typeof(Shape), nameof(Shape.init),
            [("ShapeType", StyleParam.ShapeType.SvgPath), ("Path", path), ("Xref", "x"), ("Yref", "y"), ("Line", LineOf("#555555"))]);

    private static Line LineOf(string color) =>
        FSharpNamedArguments.Call<Line>(typeof(Line), nameof(Plotly.NET.Line.init), [("Color", Color.fromString(color)), ("Width", 1.5)]);

    private static Annotation Text(string text, double x, double y, bool boxed = true) =>
        FSharpNamedArguments.Call<Annotation>(typeof(Annotation), nameof(Annotation.init),
            [("Text", text), ("X", x), ("Y", y), ("XRef", "x"), ("YRef", "y"), ("ShowArrow", false), ("Font", FSharpNamedArguments.Call<Font>(typeof(Font), nameof(Font.init), [("Size", boxed ? 12.0 : 11.0)]))]);

    // An annotation with an empty text is plotly's way to draw an arrow in data coordinates: tail (ax, ay) to head (x, y).
    private static Annotation Arrow(double fromX, double fromY, double toX, double toY) =>
        FSharpNamedArguments.Call<Annotation>(typeof(Annotation), nameof(Annotation.init),
        [
            ("Text", ""), ("X", toX), ("Y", toY), ("AX", fromX), ("AY", fromY), ("XRef", "x"), ("YRef", "y"), ("AXRef", "x"), ("AYRef", "y"),
            ("ShowArrow", true), ("ArrowHead", StyleParam.ArrowHead.TriangleShort), ("ArrowSize", 1.5), ("ArrowColor", Color.fromString("#555555")),
        ]);

    private static LinearAxis HiddenAxis(double min, double max) =>
        FSharpNamedArguments.Call<LinearAxis>(typeof(LinearAxis), nameof(LinearAxis.init),
            [("Visible", false), ("Range", StyleParam.Range.NewMinMax(min, max)), ("FixedRange", true)]);
}
