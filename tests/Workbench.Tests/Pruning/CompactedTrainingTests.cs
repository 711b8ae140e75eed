using FsCheck;
using FsCheck.Fluent;
using Workbench.Data;
using Workbench.Nn;
using Workbench.Nn.Models;
using Workbench.Pruning;
using Workbench.Pruning.Selection;
using Workbench.Torch;
using Workbench.Training;

namespace Workbench.Tests.Pruning;

public class CompactedTrainingTests
{
    private static Dataset RandomData(int seed, int count = 64)
    {
        LibTorch.ManualSeed((ulong)seed + 7);
        return new Dataset(Tensor.Rand(count, 2, 8, 8), Tensor.RandInt(0, 10, [count]), Enumerable.Range(0, 10).Select(i => $"c{i}").ToArray());
    }

    private static TrainingOptions Options(int seed) =>
        new() { Epochs = 2, BatchSize = 16, LearningRate = 0.05, Momentum = 0.9, WeightDecay = 5e-3, Seed = seed };

    [Fact]
    public void TrainingThroughACompactedCopyTrainsTheKeptWeightsAsMaskedTrainingDoes()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(10), Prop.ForAll(RandomNetworks.Cases(), c =>
        {
            using var masked = RandomNetworks.Build(c);
            RandomNetworks.Prune(masked, c);
            using var compacted = NetworkCopy.Clone(masked);
            using var data = RandomData(c.Seed);
            new Trainer(masked, Options(c.Seed)).Fit(data);
            CompactedTraining.Train(compacted, m => new Trainer(m, Options(c.Seed)).Fit(data));
            // Whatever the two ways leave in removed maps, the networks they describe are the compacted ones.
            Compaction.Compact(masked);
            Compaction.Compact(compacted);
            var a = masked.StateDict();
            var b = compacted.StateDict();
            var same = a.Keys.Order().SequenceEqual(b.Keys.Order()) && a.All(kv =>
            {
                var (x, y) = (kv.Value.To(DType.Float64).ToArray<double>(), b[kv.Key].To(DType.Float64).ToArray<double>());
                return x.Length == y.Length && x.Zip(y).All(p => Math.Abs(p.First - p.Second) <= 1e-4 + 1e-3 * Math.Abs(p.First));
            });
            return same.Label(c.ToString());
        }));
    }

    [Fact]
    public void TrainedValuesGoBackToExactlyTheKeptPositions()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(30), Prop.ForAll(RandomNetworks.Cases(), c =>
        {
            using var net = RandomNetworks.Build(c);
            RandomNetworks.Prune(net, c);
            var layers = net.ConvLayers();
            var read = layers.Select(Compaction.MapsStillRead).ToList();
            var before = net.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.To(DType.Float64).ToArray<double>());
            // A stand-in for training that adds one to every trained tensor (in float32, as the check below does).
            CompactedTraining.Train(net, copy =>
            {
                using var noGrad = Autograd.NoGrad();
                foreach (var (_, t) in copy.NamedParameters()) t.Add_(1);
                foreach (var (_, m) in copy.NamedModules())
                    if (m is BatchNorm2d bn) foreach (var (_, t) in bn.NamedBuffers()) t.Add_(1);
            });
            var after = net.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.To(DType.Float64).ToArray<double>());
            // Which positions are kept, by naive loops over the masks' verdicts: a conv weight [o, i] needs its own map o
            // and its input map i read; a bias or BatchNorm entry its map; the first FC's column its map (side² columns each).
            var fc = net.Classifier.Layers.OfType<Linear>().First();
            var fcName = net.NamedModules().First(m => ReferenceEquals(m.Module, fc)).Name;
            var perMap = (int)(fc.InFeatures / layers[^1].Conv.OutChannels);
            bool Kept(string entry, int flat)
            {
                for (int k = 0; k < layers.Count; k++)
                {
                    var conv = layers[k].Conv;
                    var taps = (int)(conv.KernelSize * conv.KernelSize);
                    var inputs = (int)conv.InChannels;
                    if (entry == $"{layers[k].Name}.weight") return read[k][flat / (inputs * taps)] && (k == 0 || read[k - 1][flat / taps % inputs]);
                    if (entry == $"{layers[k].Name}.bias") return read[k][flat];
                    if (layers[k].Norm is { } && entry.StartsWith(NormName(net, layers[k]) + ".") && !entry.EndsWith("num_batches_tracked")) return read[k][flat];
                }
                if (entry == $"{fcName}.weight") return read[^1][flat % (int)fc.InFeatures / perMap];
                return true;
            }
            var wrong = after.Where(kv => kv.Key.EndsWith("weight_mask")
                ? !kv.Value.SequenceEqual(before[kv.Key])
                : kv.Value.Where((v, i) => (float)v != (float)(before[kv.Key][i] + (Kept(kv.Key, i) ? 1 : 0))).Any()).Select(kv => kv.Key).ToList();
            return (wrong.Count == 0).Label($"{c}: wrong at [{string.Join(", ", wrong)}]");
        }));
    }

    [Fact]
    public void ANetworkWithNothingToRemoveTrainsItself()
    {
        var c = new RandomNetworks.Case([4, 4, 4, 4, 4, 4], 5, true, 2, new double[6], [0.5, 0.5, 0.5, 0.5, 0.5, 0.5], false);
        using var net = RandomNetworks.Build(c);
        RandomNetworks.Prune(net, c);
        Module? trained = null;
        Assert.False(CompactedTraining.Applies(net));
        CompactedTraining.Train(net, m => trained = m);
        Assert.Same(net, trained);
    }

    [Fact]
    public void ANetworkWithDropoutTrainsItselfSinceItsRandomDrawsDependOnTheWidth()
    {
        LibTorch.ManualSeed(3);
        using var net = new ConvNet(new ConvNetArchitecture { InChannels = 2, InputSize = 8, Channels = [4, 4, 4, 4, 4, 4], Hidden = 5, Dropout = 0.5 });
        RandomNetworks.Prune(net, new RandomNetworks.Case([4, 4, 4, 4, 4, 4], 5, false, 3, [0.5, 0, 0, 0, 0, 0], new double[6], false));
        Assert.Contains(false, Compaction.MapsStillRead(net.ConvLayers()[0]));
        Module? trained = null;
        CompactedTraining.Train(net, m => trained = m);
        Assert.Same(net, trained);
    }

    [Fact]
    public void AFailedTrainingLeavesTheNetworkAsItWas()
    {
        var c = new RandomNetworks.Case([4, 4, 4, 4, 4, 4], 5, true, 4, [0.5, 0.5, 0, 0, 0, 0.5], new double[6], false);
        using var net = RandomNetworks.Build(c);
        RandomNetworks.Prune(net, c);
        var before = net.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.To(DType.Float64).ToArray<double>());
        Assert.Throws<TrainingDivergedException>(() => CompactedTraining.Train(net, copy =>
        {
            using (Autograd.NoGrad()) foreach (var (_, t) in copy.NamedParameters()) t.Add_(1);
            throw new TrainingDivergedException(0, 1, 0.1, double.NaN);
        }));
        Assert.All(net.StateDict(), kv => Assert.Equal(before[kv.Key], kv.Value.To(DType.Float64).ToArray<double>()));
    }

    [Fact]
    public void ANetworkAlreadyCompactedAndPrunedAgainTrainsThroughACopyToo()
    {
        var c = new RandomNetworks.Case([6, 6, 6, 6, 6, 6], 5, true, 6, [0.5, 0, 0, 0, 0, 0], [0.5, 0.5, 0.5, 0.5, 0.5, 0.5], false);
        using var net = RandomNetworks.Build(c);
        RandomNetworks.Prune(net, c);
        Compaction.Compact(net);
        Assert.Contains(net.ConvLayers(), l => l.Conv.KeptKernels is not null);
        // A second round removes maps from the compacted network; its copy must carry the kept-kernel layers.
        Schedule.OneShot(net, [new PruningStep(net.ConvLayers()[2].Name, Granularity.FeatureMap, 0.5)], new CriterionSelector(new Workbench.Pruning.Criteria.RandomScore(1)));
        Assert.True(CompactedTraining.Applies(net));
        using var x = RandomNetworks.Input(6);
        var before = RandomNetworks.Logits(net, x);
        Module? trained = null;
        CompactedTraining.Train(net, m => trained = m);
        Assert.NotSame(net, trained);
        Assert.Equal(before, RandomNetworks.Logits(net, x));
    }

    private static string NormName(Module net, ConvLayer layer) => net.NamedModules().First(m => ReferenceEquals(m.Module, layer.Norm)).Name;
}
