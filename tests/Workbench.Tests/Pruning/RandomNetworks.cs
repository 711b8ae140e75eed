using FsCheck;
using FsCheck.Fluent;
using Workbench.Nn;
using Workbench.Nn.Models;
using Workbench.Pruning;
using Workbench.Pruning.Selection;
using Workbench.Torch;

namespace Workbench.Tests.Pruning;

/// <summary>Small random ConvNets and random pruning plans for the property tests.</summary>
internal static class RandomNetworks
{
    public sealed record Case(int[] Channels, int Hidden, bool BatchNorm, int Seed, double[] MapRatios, double[] KernelRatios, bool EqualPerMap)
    {
        public override string ToString() =>
            $"channels [{string.Join(",", Channels)}] hidden {Hidden} bn {BatchNorm} seed {Seed} maps [{string.Join(",", MapRatios)}] kernels [{string.Join(",", KernelRatios)}] equal {EqualPerMap}";
    }

    private static readonly double[] Ratios = [0, 0, 0.25, 0.5, 0.75, 0.9];

    public static Arbitrary<Case> Cases() =>
        (from channels in Gen.Choose(2, 6).ArrayOf(6)
         from hidden in Gen.Choose(3, 8)
         from bn in ArbMap.Default.GeneratorFor<bool>()
         from seed in Gen.Choose(0, 10_000)
         from maps in Gen.Elements(Ratios).ArrayOf(6)
         from kernels in Gen.Elements(Ratios).ArrayOf(6)
         from equal in ArbMap.Default.GeneratorFor<bool>()
         select new Case(channels, hidden, bn, seed, maps, kernels, equal)).ToArbitrary();

    public static ConvNet Build(Case c)
    {
        LibTorch.ManualSeed((ulong)c.Seed);
        var net = new ConvNet(new ConvNetArchitecture { InChannels = 2, InputSize = 8, Channels = c.Channels, Hidden = c.Hidden, BatchNorm = c.BatchNorm });
        if (c.BatchNorm) Randomize(net);
        return net;
    }

    /// <summary>Non-trivial BatchNorm statistics and shifts, so a leaking shift would show.</summary>
    public static void Randomize(Module net)
    {
        using var scope = DisposeScope.Enter();
        using var noGrad = Autograd.NoGrad();
        foreach (var (_, m) in net.NamedModules())
            if (m is BatchNorm2d bn)
            {
                bn.Bias.Copy_(Tensor.RandN(bn.NumFeatures) * 2);
                bn.Weight.Copy_(Tensor.Rand(bn.NumFeatures) + 0.5);
                bn.RunningMean.Copy_(Tensor.RandN(bn.NumFeatures) * 0.1);
                bn.RunningVar.Copy_(Tensor.Rand(bn.NumFeatures) + 0.5);
            }
    }

    /// <summary>Combined pruning at the case's ratios with random selection (the plan, not the selector, is under test).</summary>
    public static void Prune(ConvNet net, Case c)
    {
        var steps = PruningStep.Combined(net, (_, i) => c.MapRatios[i], (_, i) => c.KernelRatios[i], c.EqualPerMap);
        Schedule.OneShot(net, steps, new CriterionSelector(new Workbench.Pruning.Criteria.RandomScore(c.Seed)));
    }

    public static Tensor Input(int seed, int batch = 3)
    {
        LibTorch.ManualSeed((ulong)seed + 1);
        return Tensor.RandN(batch, 2, 8, 8);
    }

    public static float[] Logits(Module net, Tensor x)
    {
        using var scope = DisposeScope.Enter();
        using var noGrad = Autograd.NoGrad();
        net.Eval();
        return net.Forward(x).ToArray<float>();
    }
}
