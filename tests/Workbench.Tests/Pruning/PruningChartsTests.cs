using FsCheck;
using FsCheck.Fluent;
using System.Text.Json.Nodes;
using Workbench.Pruning;
using Workbench.Pruning.Selection;

namespace Workbench.Tests.Pruning;

public class PruningChartsTests
{
    private static JsonNode Plotly(global::Plotly.NET.GenericChart chart) => Workbench.Plotting.ChartDisplay.FigureJson(chart);

    [Fact]
    public void SensitivityHasOneCurvePerLayerInRatioOrder()
    {
        var points = new[] { ("a", 0.0, 1.0), ("a", 0.5, 2.0), ("b", 0.0, 1.0), ("b", 0.5, 5.0) }
            .Select(p => new SensitivityPoint(p.Item1, p.Item2, p.Item3, 0)).ToList();
        var data = Plotly(PruningCharts.Sensitivity(points, "feature-map"))["data"]!.AsArray();
        Assert.Equal(["a", "b"], data.Select(t => (string?)t!["name"]));
        Assert.Equal([0.0, 0.5], data[1]!["x"]!.AsArray().Select(v => (double)v!));
        Assert.Equal([1.0, 5.0], data[1]!["y"]!.AsArray().Select(v => (double)v!));
    }

    [Fact]
    public void KernelMaskIsAnOutByInImageOfKeptKernelsAndBarsShowLayerSparsity()
    {
        var c = new RandomNetworks.Case([4, 5, 4, 5, 4, 5], 6, true, 8, [0.5, 0, 0, 0, 0, 0], [0, 0.5, 0, 0, 0, 0], false);
        using var net = RandomNetworks.Build(c);
        RandomNetworks.Prune(net, c);
        var layer = net.ConvLayers()[1];
        var trace = Plotly(PruningCharts.KernelMask(layer))["data"]![0]!;
        Assert.False((bool)trace["showscale"]!); // a binary mask needs no continuous colour bar
        var z = trace["z"]!.AsArray();
        Assert.Equal(5, z.Count);                     // out maps
        Assert.Equal(4, z[0]!.AsArray().Count);        // in maps
        var kept = z.Sum(row => row!.AsArray().Count(v => (double)v! > 0));
        Assert.Equal(PruningReport.Of(net, [2, 8, 8]).Layers[1].KeptKernels, kept);

        var sparsityFigure = Plotly(PruningCharts.LayerSparsity(PruningReport.Of(net, [2, 8, 8])));
        Assert.Equal("weights removed (%)", (string?)sparsityFigure["layout"]!["yaxis"]!["title"]!["text"]);
        var bars = sparsityFigure["data"]![0]!;
        Assert.Equal(6, bars["x"]!.AsArray().Count);
        Assert.Equal(100 * PruningReport.Of(net, [2, 8, 8]).Layers[1].Sparsity, (double)bars["y"]![1]!, 9);
    }

    [Fact]
    public void CandidateHistogramMarksTheCriterionsChoice()
    {
        var c = new RandomNetworks.Case([4, 4, 4, 4, 4, 4], 6, true, 2, new double[6], new double[6], false);
        using var net = RandomNetworks.Build(c);
        var choice = new UnitChoice(net.ConvLayers()[0], Granularity.FeatureMap, [true, false, true, true]);
        var search = new SelectionResult(choice, [new CandidateScore(0, 10, 1), new CandidateScore(1, 12, 1)]);
        var figure = Plotly(PruningCharts.Candidates(search, 11.5));
        Assert.Equal([10.0, 12.0], figure["data"]![0]!["x"]!.AsArray().Select(v => (double)v!));
        Assert.Equal(11.5, (double)figure["layout"]!["shapes"]![0]!["x0"]!);
        Assert.True((int)figure["data"]![0]!["nbinsx"]! >= 10); // enough bins to show a spread
        Assert.Equal("validation MCR (%)", (string?)figure["layout"]!["xaxis"]!["title"]!["text"]);
    }

    [Fact]
    public void TheHeadlineTargetIsAShadedRegionThatReachesBelowTheBestRun()
    {
        var figure = Plotly(PruningCharts.SparsityVsMcr([("a", 0.80, 2.5), ("b", 0.88, -0.4)], target: (0.85, 1.0), targetLabel: "target"));
        var shape = figure["layout"]!["shapes"]!.AsArray().Single()!;
        Assert.Equal("rect", (string?)shape["type"]);
        Assert.Equal(85.0, (double)shape["x0"]!, 9);
        Assert.Equal(100.0, (double)shape["x1"]!, 9);
        Assert.Equal(1.0, (double)shape["y1"]!, 9);
        Assert.True((double)shape["y0"]! < -0.4); // run b, inside the target, is inside the shaded area
        Assert.Equal("below", (string?)shape["layer"]);
        Assert.NotNull(shape["fillcolor"]);
        Assert.Equal(2, figure["data"]!.AsArray().Count); // the runs stay the only traces
    }
}

public class TeachingFiguresTests
{
    private static JsonNode Plotly(global::Plotly.NET.GenericChart chart) => Workbench.Plotting.ChartDisplay.FigureJson(chart);

    [Fact]
    public void ThePipelineIsOneBoxPerStepJoinedByArrowsWithALoopBack()
    {
        string[] steps = ["train", "sensitivity", "N random masks", "lowest validation MCR", "retrain with\nmasks fixed", "compact"];
        var layout = Plotly(Workbench.Plotting.FlowDiagram.Of("pipeline", steps, (4, 2, "next layer")))["layout"]!;
        var shapes = layout["shapes"]!.AsArray();
        Assert.Equal(steps.Length, shapes.Count(s => (string?)s!["type"] == "rect"));
        Assert.Single(shapes, s => (string?)s!["type"] == "path");
        var annotations = layout["annotations"]!.AsArray();
        var texts = annotations.Where(a => (string?)a!["text"] is { Length: > 0 }).Select(a => (string)a!["text"]!).ToList();
        Assert.Equal([.. steps.Select(s => s.Replace("\n", "<br>")), "next layer"], texts);
        var arrows = annotations.Where(a => (bool?)a!["showarrow"] == true).ToList();
        Assert.Equal(steps.Length - 1 + 1, arrows.Count); // one between each pair, one closing the loop
        // Each forward arrow runs left to right, from one box's right edge to the next box's left edge.
        Assert.All(arrows.Take(steps.Length - 1), a => Assert.True((double)a!["ax"]! < (double)a["x"]!));
        Assert.False((bool)layout["xaxis"]!["visible"]!);
    }

    [Fact]
    public void APipelineRefusesALoopThatGoesNowhere()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Workbench.Plotting.FlowDiagram.Of("p", ["a", "b"], (0, 1, "x")));
        Assert.Equal("loop", error.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => Workbench.Plotting.FlowDiagram.Of("p", ["a", "b"], (1, 1, "onto itself")));
        Assert.Throws<ArgumentOutOfRangeException>(() => Workbench.Plotting.FlowDiagram.Of("p", ["a", "b"], (2, 0, "from a step that is not there")));
        Assert.Throws<ArgumentException>(() => Workbench.Plotting.FlowDiagram.Of("p", []));
    }

    [Fact]
    public void RemovingOneMapTakesItsRowAndTheNextLayersColumnAndOneKernelOneCell()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(60), Prop.ForAll(
            (from o in Gen.Choose(1, 9) from i in Gen.Choose(1, 9) from n in Gen.Choose(1, 9)
             from m in Gen.Choose(0, o - 1) from ko in Gen.Choose(0, n - 1) from ki in Gen.Choose(0, o - 1)
             select (o, i, n, m, ko, ki)).ToArbitrary(), c =>
        {
            var (layer, next) = RemovalPicture.Cells(c.o, c.i, c.n, c.m, (c.ko, c.ki));
            // Independent count: a map removes in × 1 kernels of its layer and out × 1 of the next; the kernel adds one unless it sat on that input.
            var expectedRemoved = c.i + c.n + (c.ki == c.m ? 0 : 1);
            var removed = layer.Cast<RemovalPicture.Cell>().Count(x => x != RemovalPicture.Cell.Kept) + next.Cast<RemovalPicture.Cell>().Count(x => x != RemovalPicture.Cell.Kept);
            var rowOk = Enumerable.Range(0, c.i).All(k => layer[c.m, k] == RemovalPicture.Cell.RemovedWithMap);
            var columnOk = Enumerable.Range(0, c.n).All(k => next[k, c.m] == RemovalPicture.Cell.RemovedAsInput);
            return removed == expectedRemoved && rowOk && columnOk;
        }));
    }

    [Fact]
    public void ThePictureHasOneLegendEntryPerKindOfCellAndRefusesAMapThatIsNotThere()
    {
        var data = Plotly(RemovalPicture.MapAndKernel("conv2", "conv3", 4, 3, 5, 1, (2, 0)))["data"]!.AsArray();
        Assert.Equal(4, data.Count);
        Assert.Equal([4 * 3 + 5 * 4 - 3 - 5 - 1, 3, 5, 1], data.Select(t => t!["x"]!.AsArray().Count));
        Assert.Contains("conv2's output map 1", (string?)data[1]!["name"]);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => RemovalPicture.MapAndKernel("a", "b", 4, 3, 5, 4, (0, 0)));
        Assert.Equal("removedMap", error.ParamName);
        Assert.Contains("0..3", error.Message);
    }
}
