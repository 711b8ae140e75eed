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
