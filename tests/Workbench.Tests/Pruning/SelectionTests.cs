using FsCheck;
using FsCheck.Fluent;
using Workbench.Nn;
using Workbench.Pruning;
using Workbench.Pruning.Criteria;
using Workbench.Pruning.Selection;
using Workbench.Torch;

namespace Workbench.Tests.Pruning;

public class SelectionTests
{
    [Fact]
    public void RoundingRemovesTheFloorAndAlwaysLeavesOne()
    {
        Prop.ForAll(Gen.Choose(0, 500).ToArbitrary(), Gen.Choose(0, 999).ToArbitrary(), (n, permille) =>
        {
            var ratio = permille / 1000.0;
            var removed = PruneCount.Removed(n, ratio);
            var expected = n <= 1 ? 0 : Math.Min(n - 1, (int)Math.Floor(ratio * n + 1e-9));
            return removed == expected && (n == 0 || removed < n);
        }).QuickCheckThrowOnFailure();
        Assert.Throws<ArgumentOutOfRangeException>(() => PruneCount.Removed(10, 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => PruneCount.Removed(10, -0.1));
    }

    [Fact]
    public void L1RemovesExactlyTheLowestNormMapsAndKernels()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(40), Prop.ForAll(RandomNetworks.Cases(), Gen.Choose(0, 5).ToArbitrary(), (c, layerIndex) =>
        {
            using var net = RandomNetworks.Build(c);
            var layer = net.ConvLayers()[layerIndex];
            var w = layer.Conv.Weight.Detach().ToArray<float>();
            var (o, i, taps) = ((int)layer.Conv.OutChannels, (int)layer.Conv.InChannels, 9);
            // Independent L1 norms from the raw weights.
            double MapNorm(int m) => Enumerable.Range(m * i * taps, i * taps).Sum(k => Math.Abs((double)w[k]));
            double KernelNorm(int m, int n) => Enumerable.Range((m * i + n) * taps, taps).Sum(k => Math.Abs((double)w[k]));

            var maps = new CriterionSelector(new L1Norm()).Select(layer, Granularity.FeatureMap, 0.5).Choice;
            var expectedMaps = Enumerable.Range(0, o).OrderBy(MapNorm).ThenBy(m => m).Take(PruneCount.Removed(o, 0.5)).ToHashSet();
            var mapsOk = Enumerable.Range(0, o).All(m => maps.Keep[m] == !expectedMaps.Contains(m));

            var kernels = new CriterionSelector(new L1Norm()).Select(layer, Granularity.Kernel, 0.6).Choice;
            var pairs = Enumerable.Range(0, o * i).OrderBy(k => KernelNorm(k / i, k % i)).ThenBy(k => k).Take(PruneCount.Removed(o * i, 0.6)).ToHashSet();
            var kernelsOk = Enumerable.Range(0, o * i).All(k => kernels.Keep[k] == !pairs.Contains(k));

            var equal = new CriterionSelector(new L1Norm()).Select(layer, Granularity.KernelEqualPerMap, 0.6).Choice;
            var rowsOk = Enumerable.Range(0, o).All(m =>
            {
                var dropped = Enumerable.Range(0, i).OrderBy(n => KernelNorm(m, n)).ThenBy(n => n).Take(PruneCount.Removed(i, 0.6)).ToHashSet();
                return Enumerable.Range(0, i).All(n => equal.Keep[m * i + n] == !dropped.Contains(n));
            });
            return mapsOk && kernelsOk && rowsOk;
        }));
    }

    /// <summary>A stub whose verdict on a candidate is a known function of its mask.</summary>
    private sealed class StubEvaluator : ICandidateEvaluator, ICandidateSession
    {
        public List<(bool[] Keep, double Mcr, double Loss)> Seen { get; } = [];
        public ICandidateSession Begin(ConvLayer layer) => this;
        public (double Mcr, double Loss) Evaluate(UnitChoice candidate)
        {
            var h = candidate.Keep.Select((k, i) => k ? (i * 7919 % 13) : 0).Sum();
            var result = (Mcr: h % 5, Loss: h / 100.0); // many MCR ties, broken by loss
            Seen.Add((candidate.Keep, result.Mcr, result.Loss));
            return result;
        }
        public void Dispose() { }
    }

    [Fact]
    public void LeastAdversarialKeepsTheMinimumMcrCandidateAndRepeatsForASeed()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(25), Prop.ForAll(RandomNetworks.Cases(), Gen.Choose(1, 30).ToArbitrary(), (c, trials) =>
        {
            using var net = RandomNetworks.Build(c);
            var layer = net.ConvLayers()[2];
            var stub = new StubEvaluator();
            var result = new LeastAdversarialSelector(stub, trials, seed: c.Seed).Select(layer, Granularity.Kernel, 0.5);
            var best = stub.Seen.OrderBy(s => s.Mcr).ThenBy(s => s.Loss).First();
            var again = new LeastAdversarialSelector(new StubEvaluator(), trials, seed: c.Seed).Select(layer, Granularity.Kernel, 0.5);
            return stub.Seen.Count == trials && result.Candidates.Count == trials
                && result.Choice.Keep.SequenceEqual(best.Keep)
                && again.Choice.Keep.SequenceEqual(result.Choice.Keep)
                && again.Candidates.Select(s => s.Mcr).SequenceEqual(result.Candidates.Select(s => s.Mcr));
        }));
    }

    [Fact]
    public void BadInputNamesTheProblemAndLeavesTheNetworkUnchanged()
    {
        var c = new RandomNetworks.Case([3, 3, 3, 3, 3, 3], 4, true, 5, new double[6], new double[6], false);
        using var net = RandomNetworks.Build(c);
        var before = net.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.Detach().ToArrayAny());
        var selector = new CriterionSelector(new L1Norm());

        var e1 = Assert.Throws<ArgumentOutOfRangeException>(() => Schedule.Prune(net, new PruningStep("features.0", Granularity.FeatureMap, 1.0), selector));
        Assert.Contains("[0, 1)", e1.Message);
        var e2 = Assert.Throws<ArgumentException>(() => Schedule.Prune(net, new PruningStep("features.99", Granularity.FeatureMap, 0.5), selector));
        Assert.Contains("features.99", e2.Message);
        Assert.Contains("features.0", e2.Message); // lists the layers that exist
        var layer = net.ConvLayers()[0];
        using var wrong = Tensor.Ones(3, 3, 1, 1);
        var e3 = Assert.Throws<ArgumentException>(() => layer.Conv.SetWeightMask(wrong));
        Assert.Contains("[3, 3, 1, 1]", e3.Message);
        Assert.Contains("[3, 2, 3, 3]", e3.Message);

        Assert.All(net.StateDict(), kv => Assert.Equal(before[kv.Key], kv.Value.Detach().ToArrayAny()));
        Assert.Null(layer.Conv.WeightMask);
    }

    [Fact]
    public void ResidualTiedMapsCannotBeFeatureMapPruned()
    {
        using var resnet = Workbench.Nn.Models.ResNetCifar.Create(20, 1, 8);
        var stem = resnet.ConvLayers()[0];
        var e = Assert.Throws<ArgumentException>(() => new CriterionSelector(new L1Norm()).Select(stem, Granularity.FeatureMap, 0.5));
        Assert.Contains("residual", e.Message);
        Assert.Contains("conv1", e.Message);
    }
}
