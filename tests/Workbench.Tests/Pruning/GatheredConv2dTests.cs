using FsCheck;
using FsCheck.Fluent;
using Workbench.Nn;
using Workbench.Pruning;
using Workbench.Torch;

namespace Workbench.Tests.Pruning;

public class GatheredConv2dTests
{
    [Fact]
    public void ComputesExactlyWhatTheMaskedConvolutionComputes()
    {
        var gen = from inC in Gen.Choose(1, 8)
                  from outC in Gen.Choose(1, 8)
                  from kept in Gen.Choose(1, 8)
                  from k in Gen.Elements(1, 3)
                  from stride in Gen.Choose(1, 2)
                  from bias in ArbMap.Default.GeneratorFor<bool>()
                  from seed in Gen.Choose(0, 10_000)
                  select (inC, outC, kept: Math.Min(kept, inC), k, stride, bias, seed);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(60), Prop.ForAll(gen.ToArbitrary(), c =>
        {
            using var scope = DisposeScope.Enter();
            LibTorch.ManualSeed((ulong)c.seed);
            using var conv = new Conv2d(c.inC, c.outC, c.k, c.stride, c.k / 2, c.bias);
            // An equal-kernels-per-map mask: each output map keeps c.kept random inputs.
            var random = new Random(c.seed);
            var mask = new float[c.outC * c.inC];
            for (int o = 0; o < c.outC; o++)
                foreach (var i in Enumerable.Range(0, c.inC).OrderBy(_ => random.Next()).Take(c.kept)) mask[o * c.inC + i] = 1;
            conv.SetWeightMask(Tensor.From(mask, c.outC, c.inC, 1, 1));
            using var gathered = new GatheredConv2d(conv);
            var x = Tensor.RandN(2, c.inC, 7, 7);
            using var noGrad = Autograd.NoGrad();
            var expected = conv.Forward(x).ToArray<float>();
            var actual = gathered.Forward(x).ToArray<float>();
            return expected.Zip(actual).All(p => Math.Abs(p.First - p.Second) <= 1e-5f + 1e-5f * Math.Abs(p.First))
                && gathered.Macs(1, 1) * c.inC == conv.Macs(1, 1) * c.kept;
        }));
    }

    [Fact]
    public void AnUnequalMaskIsRejectedWithTheCountsItFound()
    {
        using var conv = new Conv2d(3, 2, 3, padding: 1);
        conv.SetWeightMask(Tensor.From(new float[] { 1, 1, 0, 1, 0, 0 }, 2, 3, 1, 1));
        var e = Assert.Throws<ArgumentException>(() => new GatheredConv2d(conv));
        Assert.Contains("1, 2", e.Message);
        Assert.Contains("KernelEqualPerMap", e.Message);
    }
}
