using FsCheck;
using FsCheck.Fluent;
using Workbench.Data;
using Workbench.Nn;
using Workbench.Nn.Models;
using Workbench.Pruning;
using Workbench.Pruning.Criteria;
using Workbench.Torch;

namespace Workbench.Tests.Pruning.Criteria;

public class OutputKlDivergenceTests
{
    /// <summary>
    /// The expected score, computed apart from the criterion: a copy of the network with map j's filter, bias and
    /// BatchNorm scale and shift set to zero through its state dict, both networks' softmax taken on the host in
    /// double precision, and KL(p ‖ q) summed by loops and averaged over the images.
    /// </summary>
    private static double[] Expected(Module network, string convName, string? normName, Tensor images, long maps)
    {
        var original = Softmax(network, images);
        var expected = new double[maps];
        using var copy = (Module)NetworkCopy.Clone((IConvNetwork)network);
        var names = new[] { $"{convName}.weight", $"{convName}.bias", $"{normName}.weight", $"{normName}.bias" };
        for (long j = 0; j < maps; j++)
        {
            // The copy starts each map as the network is, so only map j is silenced.
            using (DisposeScope.Enter())
            using (Autograd.NoGrad())
            {
                var (state, source) = (copy.StateDict(), network.StateDict());
                foreach (var name in names.Where(state.ContainsKey))
                {
                    state[name].Copy_(source[name]);
                    state[name].Narrow(0, j, 1).Zero_();
                }
            }
            var silenced = Softmax(copy, images);
            var total = 0.0;
            for (int i = 0; i < original.Length; i++)
                for (int c = 0; c < original[i].Length; c++)
                    total += original[i][c] * (Math.Log(original[i][c]) - Math.Log(silenced[i][c]));
            expected[j] = total / original.Length;
        }
        return expected;
    }

    private static double[][] Softmax(Module network, Tensor images)
    {
        using var scope = DisposeScope.Enter();
        using var noGrad = Autograd.NoGrad();
        var training = network.Training;
        network.Eval();
        using var logits = network.Forward(images).To(DType.Float64);
        network.Train(training);
        var (n, k) = (logits.Size(0), logits.Size(1));
        var values = logits.ToArray<double>();
        return Enumerable.Range(0, (int)n).Select(i =>
        {
            var row = values.Skip(i * (int)k).Take((int)k).ToArray();
            var max = row.Max();
            var sum = row.Sum(v => Math.Exp(v - max));
            return row.Select(v => Math.Exp(v - max) / sum).ToArray();
        }).ToArray();
    }

    private static Dataset Images(int seed, int count, int channels, int side)
    {
        LibTorch.ManualSeed((ulong)seed);
        return new Dataset(Tensor.RandN(count, channels, side, side), Tensor.RandInt(0, 10, [count]), Enumerable.Range(0, 10).Select(i => $"c{i}").ToArray());
    }

    [Fact]
    public void ResNetScoresAreTheKlDivergenceOfTheOutputsWithTheFilterSilenced()
    {
        LibTorch.ManualSeed(31);
        using var net = ResNetCifar.Create(20, 1, 8);
        RandomNetworks.Randomize(net);
        using var images = Images(32, 37, 1, 8);
        using var before = NetworkCopy.Clone(net);
        // A batch size that does not divide the images: the last, shorter batch must count as much per image.
        var criterion = new OutputKlDivergence(net, images, normalization: null, batchSize: 16);
        foreach (var layer in net.ConvLayers().Where(l => l.Name is "layer1.0.conv1" or "layer1.2.conv2"))
        {
            var scores = criterion.Score(layer, Granularity.FeatureMap);
            Assert.True(net.Training, "the network is measured in eval mode and handed back in the mode it was in");
            AssertSameState(before, net); // bit for bit, before the test's own copies touch anything
            var expected = Expected(net, layer.Name, NormName(layer.Name), images.Images, layer.Conv.OutChannels);
            Assert.Equal(expected.Length, scores.Length);
            Assert.Contains(expected, e => e > 1e-3); // the maps matter, so the comparison is not between zeros
            for (int j = 0; j < expected.Length; j++) Assert.Equal(expected[j], scores[j], 2e-5 + 1e-4 * expected[j]);
        }
    }

    private static string NormName(string convName) => convName[..^"conv1".Length] + "bn" + convName[^1];

    [Fact]
    public void ConvNetScoresMatchTheDirectComputationWithAndWithoutBatchNormAndWithNormalization()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(5), Prop.ForAll(RandomNetworks.Cases(), c =>
        {
            using var net = RandomNetworks.Build(c);
            using var images = Images(c.Seed, 11, 2, 8);
            var normalization = new Normalization([0.3f, -0.2f], [1.5f, 0.7f]);
            using var normalized = normalization.Apply(images.Images);
            var criterion = new OutputKlDivergence(net, images, normalization, batchSize: 4);
            foreach (var layer in net.ConvLayers())
            {
                var scores = criterion.Score(layer, Granularity.FeatureMap);
                var norm = layer.Norm is null ? null : net.NamedModules().Single(m => ReferenceEquals(m.Module, layer.Norm)).Name;
                var expected = Expected(net, layer.Name, norm, normalized, layer.Conv.OutChannels);
                for (int j = 0; j < expected.Length; j++) Assert.Equal(expected[j], scores[j], 2e-5 + 1e-4 * expected[j]);
            }
        }));
    }

    [Fact]
    public void AsACoarsePruningCriterionItRemovesTheMapsWhoseSilencingChangesTheOutputsLeast()
    {
        using var net = RandomNetworks.Build(new RandomNetworks.Case([6, 5, 4, 4, 3, 3], 5, true, 35, [], [], false));
        using var images = Images(36, 12, 2, 8);
        double[] scores;
        using (var unpruned = (Module)NetworkCopy.Clone(net))
            scores = new OutputKlDivergence(unpruned, images, null).Score(((IConvNetwork)unpruned).ConvLayers()[0], Granularity.FeatureMap);

        var steps = PruningStep.ForLayers(net, Granularity.FeatureMap, (_, _) => 0.5);
        Schedule.OneShot(net, steps, new Workbench.Pruning.Selection.CriterionSelector(new OutputKlDivergence(net, images, null)));

        var read = Compaction.MapsStillRead(net.ConvLayers()[0]);
        Assert.Equal(3, read.Count(r => !r));
        Assert.True(scores.Where((_, j) => !read[j]).Max() <= scores.Where((_, j) => read[j]).Min(),
            $"removed the maps scored [{string.Join(", ", scores.Where((_, j) => !read[j]))}], kept [{string.Join(", ", scores.Where((_, j) => read[j]))}]");
    }

    [Fact]
    public void OnlyWholeFiltersAreScored()
    {
        LibTorch.ManualSeed(33);
        using var net = ResNetCifar.Create(20, 1, 8);
        using var images = Images(34, 4, 1, 8);
        var error = Assert.Throws<ArgumentException>(() => new OutputKlDivergence(net, images, null).Score(net.ConvLayers()[1], Granularity.Kernel));
        Assert.Contains("feature maps", error.Message);
    }

    private static void AssertSameState(Module expected, Module actual)
    {
        var (a, b) = (expected.StateDict(), actual.StateDict());
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        foreach (var (name, tensor) in a)
        {
            using var scope = DisposeScope.Enter();
            Assert.True(tensor.Eq(b[name]).All().Item<bool>(), $"{name} changed");
        }
    }
}
