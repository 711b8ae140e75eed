using Microsoft.FSharp.Core;
using Plotly.NET;
using Plotly.NET.LayoutObjects;
using Workbench.Plotting;
using FsChart = Plotly.NET.Chart;

namespace Workbench.Pruning;

/// <summary>
/// What one pruning decision removes from the weight tensors, drawn kernel by kernel: two consecutive
/// conv layers as out×in grids (one cell per k×k kernel). Removing output map m of the first layer
/// removes its row m, and with it column m of the next layer, whose input that map was; removing one
/// kernel of the next layer removes a single cell. A learner sees why a map ratio of 0.3 removes far
/// more than 30% of the weights.
/// </summary>
public static class RemovalPicture
{
    private const double Gap = 3;

    /// <summary>One cell of the picture and why it is drawn as it is.</summary>
    public enum Cell { Kept, RemovedWithMap, RemovedAsInput, RemovedKernel }

    /// <param name="layer">The first layer's name (e.g. conv2).</param>
    /// <param name="next">The next layer's name (e.g. conv3).</param>
    /// <param name="outMaps">The first layer's output maps (= the next layer's input maps).</param>
    /// <param name="inMaps">The first layer's input maps.</param>
    /// <param name="nextOutMaps">The next layer's output maps.</param>
    /// <param name="removedMap">The output map of <paramref name="layer"/> that feature-map pruning removes.</param>
    /// <param name="removedKernel">The (output, input) kernel of <paramref name="next"/> that kernel pruning removes.</param>
    public static GenericChart MapAndKernel(string layer, string next, int outMaps, int inMaps, int nextOutMaps, int removedMap, (int Out, int In) removedKernel)
    {
        var (first, second) = Cells(outMaps, inMaps, nextOutMaps, removedMap, removedKernel);
        var kinds = new[]
        {
            (Cell.Kept, "kept kernel", "#d9d9d9"),
            (Cell.RemovedWithMap, $"removed: {layer}'s output map {removedMap}", "#d62728"),
            (Cell.RemovedAsInput, $"removed with it: {next}'s input {removedMap}", "#ff9f40"),
            (Cell.RemovedKernel, $"removed alone: one kernel of {next} (kernel pruning)", "#1f5fbf"),
        };
        var traces = kinds.Select(kind =>
        {
            var points = Points(first, 0).Concat(Points(second, inMaps + Gap)).Where(p => p.Cell == kind.Item1).ToList();
            var trace = Plotly.NET.CSharp.Chart.Point<double, double, string>(points.Select(p => p.X).ToArray(), points.Select(p => p.Y).ToArray(), Name: kind.Item2);
            // Square markers of one size tile the grid; set as plotly's marker object, which the C# API only offers piecemeal.
            return GenericChart.mapTrace(FuncConvert.FromFunc<Trace, Trace>(t =>
            {
                t.SetProperty("marker", new Dictionary<string, object> { ["color"] = kind.Item3, ["symbol"] = "square", ["size"] = 11 });
                return t;
            }), trace);
        });
        var removed = outMaps * inMaps - Count(first, Cell.Kept) + nextOutMaps * outMaps - Count(second, Cell.Kept);
        var chart = Plotly.NET.CSharp.Chart.Combine(traces);
        chart = FsChart.withAnnotations(
        [
            Caption($"{layer}: {outMaps} out × {inMaps} in", (inMaps - 1) / 2.0),
            Caption($"{next}: {nextOutMaps} out × {outMaps} in", inMaps + Gap + (outMaps - 1) / 2.0),
        ], true).Invoke(chart);
        chart = FsChart.withXAxis(Axis(-1, inMaps + Gap + outMaps, reversed: false), null).Invoke(chart);
        chart = FsChart.withYAxis(Axis(-2.5, Math.Max(outMaps, nextOutMaps), reversed: true), null).Invoke(chart);
        return FsChart.withSize(Math.Max(600, 22.0 * (inMaps + outMaps + Gap) + 260), Math.Max(300, 22.0 * Math.Max(outMaps, nextOutMaps) + 140)).Invoke(chart)
            .WithTitle($"One map and one kernel: {removed} of {outMaps * inMaps + nextOutMaps * outMaps} kernels go (each cell a k×k kernel)");
    }

    /// <summary>The two grids, [out, in] each: what every kernel of the two layers becomes.</summary>
    public static (Cell[,] Layer, Cell[,] Next) Cells(int outMaps, int inMaps, int nextOutMaps, int removedMap, (int Out, int In) removedKernel)
    {
        if (outMaps < 1 || inMaps < 1 || nextOutMaps < 1)
            throw new ArgumentOutOfRangeException(nameof(outMaps), $"every layer needs at least one map (out {outMaps}, in {inMaps}, next out {nextOutMaps})");
        if (removedMap < 0 || removedMap >= outMaps)
            throw new ArgumentOutOfRangeException(nameof(removedMap), removedMap, $"the layer has output maps 0..{outMaps - 1}");
        if (removedKernel.Out < 0 || removedKernel.Out >= nextOutMaps || removedKernel.In < 0 || removedKernel.In >= outMaps)
            throw new ArgumentOutOfRangeException(nameof(removedKernel), removedKernel, $"the next layer's kernels are (0..{nextOutMaps - 1}, 0..{outMaps - 1})");
        var layer = new Cell[outMaps, inMaps];
        for (int i = 0; i < inMaps; i++) layer[removedMap, i] = Cell.RemovedWithMap;
        var next = new Cell[nextOutMaps, outMaps];
        for (int o = 0; o < nextOutMaps; o++) next[o, removedMap] = Cell.RemovedAsInput;
        // A kernel on the removed input is gone already; kernel pruning's cell is drawn only where it adds to the map's.
        if (next[removedKernel.Out, removedKernel.In] == Cell.Kept) next[removedKernel.Out, removedKernel.In] = Cell.RemovedKernel;
        return (layer, next);
    }

    private static IEnumerable<(double X, double Y, Cell Cell)> Points(Cell[,] grid, double xOffset)
    {
        for (int o = 0; o < grid.GetLength(0); o++)
            for (int i = 0; i < grid.GetLength(1); i++)
                yield return (xOffset + i, o, grid[o, i]);
    }

    private static int Count(Cell[,] grid, Cell cell) => grid.Cast<Cell>().Count(c => c == cell);

    private static Annotation Caption(string text, double x) =>
        FSharpNamedArguments.Call<Annotation>(typeof(Annotation), nameof(Annotation.init),
            [("Text", text), ("X", x), ("Y", -1.5), ("XRef", "x"), ("YRef", "y"), ("ShowArrow", false)]);

    private static LinearAxis Axis(double min, double max, bool reversed) =>
        FSharpNamedArguments.Call<LinearAxis>(typeof(LinearAxis), nameof(LinearAxis.init),
            [("Visible", false), ("Range", reversed ? StyleParam.Range.NewMinMax(max, min) : StyleParam.Range.NewMinMax(min, max))]);
}
