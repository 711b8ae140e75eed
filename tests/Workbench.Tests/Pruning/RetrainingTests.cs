using FsCheck;
using FsCheck.Fluent;
using Workbench.Data;
using Workbench.Nn;
using Workbench.Pruning;
using Workbench.Pruning.Selection;
using Workbench.Torch;
using Workbench.Training;

namespace Workbench.Tests.Pruning;

public class RetrainingTests
{
    private static Dataset RandomData(int seed, int count = 96)
    {
        LibTorch.ManualSeed((ulong)seed);
        return new Dataset(Tensor.Rand(count, 2, 8, 8), Tensor.RandInt(0, 10, [count]), Enumerable.Range(0, 10).Select(i => $"c{i}").ToArray());
    }

    [Fact]
    public void MaskedWeightsStayExactlyZeroThroughRetrainingAndTheOthersMove()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(12), Prop.ForAll(RandomNetworks.Cases(), c =>
        {
            using var net = RandomNetworks.Build(c);
            RandomNetworks.Prune(net, c);
            var before = net.ConvLayers().Select(l => l.Conv.Weight.Detach().ToArray<float>()).ToList();
            using var data = RandomData(c.Seed);
            new Trainer(net, new TrainingOptions { Epochs = 2, BatchSize = 16, LearningRate = 0.05, Momentum = 0.9, Nesterov = true, WeightDecay = 5e-3 }).Fit(data);
            return net.ConvLayers().Select((l, k) =>
            {
                var w = l.Conv.Weight.Detach().ToArray<float>();
                var mask = l.Conv.WeightMask is { } m ? m.Expand(l.Conv.Weight.Shape).Contiguous().ToArray<float>() : Enumerable.Repeat(1f, w.Length).ToArray();
                var prunedZero = w.Zip(mask).Where(p => p.Second == 0).All(p => p.First == 0);
                var keptMoved = w.Zip(before[k]).Where((_, i) => mask[i] == 1).Any(p => p.First != p.Second);
                return prunedZero && (keptMoved || mask.All(v => v == 0));
            }).All(ok => ok).Label(c.ToString());
        }));
    }

    [Fact]
    public void ReusingActivationsGivesTheSameVerdictAsRunningTheWholeNetwork()
    {
        var c = new RandomNetworks.Case([4, 5, 6, 4, 5, 6], 7, true, 11, new double[6], new double[6], false);
        using var net = RandomNetworks.Build(c);
        using var data = RandomData(4, 64);
        using var reuse = new ValidationEvaluator(net, data, batchSize: 20);
        using var full = new ValidationEvaluator(net, data, batchSize: 20) { ReuseActivations = false };
        foreach (var layer in net.ConvLayers())
        {
            var choice = new CriterionSelector(new Workbench.Pruning.Criteria.RandomScore(1)).Select(layer, Granularity.FeatureMap, 0.5).Choice;
            using var a = reuse.Begin(layer);
            using var b = full.Begin(layer);
            var (mcrA, lossA) = a.Evaluate(choice);
            var (mcrB, lossB) = b.Evaluate(choice);
            Assert.Equal(mcrB, mcrA, 9);
            Assert.Equal(lossB, lossA, 5);
            // And evaluation left the network exactly as it was.
            Assert.Null(layer.Conv.WeightMask);
        }
    }

    [Fact]
    public void SensitivityLeavesTheNetworkUnchangedAndGrowsWithTheRatio()
    {
        var c = new RandomNetworks.Case([6, 6, 6, 6, 6, 6], 8, true, 21, new double[6], new double[6], false);
        using var net = RandomNetworks.Build(c);
        using var data = RandomData(5, 64);
        using var evaluator = new ValidationEvaluator(net, data);
        var before = RandomNetworks.Logits(net, data.Images);
        var points = Sensitivity.Analyze(net, Granularity.FeatureMap, new CriterionSelector(new Workbench.Pruning.Criteria.L1Norm()), [0, 0.5, 0.8], evaluator);
        Assert.Equal(6 * 3, points.Count);
        var (baseMcr, _) = evaluator.EvaluateCurrent();
        Assert.All(points.Where(p => p.Ratio == 0), p => Assert.Equal(baseMcr, p.Mcr, 9));
        Assert.Equal(before, RandomNetworks.Logits(net, data.Images));
    }
}
