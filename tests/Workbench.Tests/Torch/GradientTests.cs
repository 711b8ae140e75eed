using FsCheck;
using FsCheck.Fluent;
using Workbench.Torch;

namespace Workbench.Tests.Torch;

/// <summary>
/// Autograd through the binding's functional ops agrees with central finite differences in Float64.
/// The objective is sum(f(args) ⊙ R) with a fixed random R, so every output element's gradient
/// counts and errors cannot cancel out as they might under a plain sum.
/// </summary>
public class GradientTests
{
    // In float64 a central difference with h = 1e-6 is accurate to ~1e-9 here (truncation ~h², rounding ~1e-16·|f|/h).
    private const double Step = 1e-6;
    private const double Tolerance = 1e-6;

    private static readonly Config Cases = Config.QuickThrowOnFailure.WithMaxTest(15).WithQuietOnSuccess(true);

    private static readonly Gen<int> Seeds = Gen.Choose(0, int.MaxValue);

    /// <summary>A differentiable argument: row-major values and shape.</summary>
    private sealed record Arg(double[] Values, long[] Shape);

    private static Arg RandomArg(Random random, params long[] shape)
    {
        var count = shape.Aggregate(1L, (a, b) => a * b);
        return new Arg(Enumerable.Range(0, (int)count).Select(_ => random.NextDouble() * 4 - 2).ToArray(), shape);
    }

    /// <summary>
    /// Compares autograd's gradient of sum(f(args) ⊙ R) with respect to every argument with the
    /// central difference (obj(θ + h) − obj(θ − h)) / 2h of each element in turn.
    /// </summary>
    private static void AssertGradientsMatch(int seed, Func<Tensor[], Tensor> f, params Arg[] args)
    {
        using var scope = DisposeScope.Enter();
        var leaves = args.Select(a => Tensor.From(a.Values, a.Shape)).ToArray();
        foreach (var leaf in leaves) leaf.RequiresGrad = true;
        var output = f(leaves);
        var r = RandomArg(new Random(~seed), output.Shape);
        var weights = Tensor.From(r.Values, r.Shape);
        (output * weights).Sum().Backward();

        double Objective()
        {
            using var noGrad = Autograd.NoGrad();
            using var evaluation = DisposeScope.Enter();
            return (f(args.Select(a => Tensor.From(a.Values, a.Shape)).ToArray()) * weights).Sum().Item<double>();
        }

        for (int i = 0; i < args.Length; i++)
        {
            var analytic = (leaves[i].Grad ?? throw new Xunit.Sdk.XunitException($"argument {i} got no gradient")).ToArray<double>();
            var values = args[i].Values;
            for (int j = 0; j < values.Length; j++)
            {
                var original = values[j];
                values[j] = original + Step;
                var up = Objective();
                values[j] = original - Step;
                var down = Objective();
                values[j] = original;
                var numeric = (up - down) / (2 * Step);
                if (Math.Abs(analytic[j] - numeric) > Tolerance * (1 + Math.Abs(numeric)))
                    Assert.Fail($"d/d(argument {i})[{j}]: autograd {analytic[j]:G10}, finite difference {numeric:G10}");
            }
        }
    }

    private sealed record ConvCase(int N, int Groups, int InPerGroup, int OutPerGroup, int KernelH, int KernelW,
        (int H, int W) Stride, (int H, int W) Padding, (int H, int W) Dilation, int Height, int Width, int Seed);

    private static bool Fits(int size, int padding, int dilation, int kernel) => size + 2 * padding >= dilation * (kernel - 1) + 1;

    [Fact]
    public void Conv2dGradientsMatchFiniteDifferences()
    {
        // Channels ≤ 4 (groups × per-group ≤ 2 × 2), spatial ≤ 6, asymmetric stride/padding/dilation.
        var cases =
            from n in Gen.Choose(1, 2)
            from groups in Gen.Choose(1, 2)
            from perGroup in Gen.Choose(1, 2).Two()
            from kernel in Gen.Choose(1, 3).Two()
            from stride in Gen.Choose(1, 2).Two()
            from padding in Gen.Choose(0, 1).Two()
            from dilation in Gen.Choose(1, 2).Two()
            from size in Gen.Choose(1, 6).Two()
            from seed in Seeds
            where Fits(size.Item1, padding.Item1, dilation.Item1, kernel.Item1) && Fits(size.Item2, padding.Item2, dilation.Item2, kernel.Item2)
            select new ConvCase(n, groups, perGroup.Item1, perGroup.Item2, kernel.Item1, kernel.Item2, stride, padding, dilation, size.Item1, size.Item2, seed);

        Check.One(Cases, Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var random = new Random(c.Seed);
            var (cin, cout) = (c.Groups * c.InPerGroup, c.Groups * c.OutPerGroup);
            AssertGradientsMatch(c.Seed,
                t => Functional.Conv2d(t[0], t[1], t[2], [c.Stride.H, c.Stride.W], [c.Padding.H, c.Padding.W], [c.Dilation.H, c.Dilation.W], c.Groups),
                RandomArg(random, c.N, cin, c.Height, c.Width),
                RandomArg(random, cout, c.InPerGroup, c.KernelH, c.KernelW),
                RandomArg(random, cout));
            return true;
        }));
    }

    [Fact]
    public void LinearGradientsMatchFiniteDifferences()
    {
        // Inputs with one or two leading batch dimensions: linear applies to the last one only.
        var cases =
            from batch in Gen.Elements<long[]>([1], [3], [2, 3])
            from features in Gen.Choose(1, 4).Two()
            from seed in Seeds
            select (Batch: batch, In: features.Item1, Out: features.Item2, Seed: seed);

        Check.One(Cases, Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var random = new Random(c.Seed);
            AssertGradientsMatch(c.Seed, t => Functional.Linear(t[0], t[1], t[2]),
                RandomArg(random, [.. c.Batch, c.In]),
                RandomArg(random, c.Out, c.In),
                RandomArg(random, c.Out));
            return true;
        }));
    }

    [Fact]
    public void TrainingBatchNormGradientsMatchFiniteDifferences()
    {
        // In training the batch statistics depend on the input, so every input element affects every
        // output of its channel; training needs more than one value per channel.
        var cases =
            from n in Gen.Choose(1, 3)
            from c in Gen.Choose(1, 4)
            from size in Gen.Choose(1, 4).Two()
            from seed in Seeds
            where n * size.Item1 * size.Item2 > 1
            select (N: n, C: c, H: size.Item1, W: size.Item2, Seed: seed);

        Check.One(Cases, Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var random = new Random(c.Seed);
            AssertGradientsMatch(c.Seed, t => Functional.BatchNorm(t[0], null, null, t[1], t[2], training: true),
                RandomArg(random, c.N, c.C, c.H, c.W),
                RandomArg(random, c.C),
                RandomArg(random, c.C));
            return true;
        }));
    }

    [Fact]
    public void CrossEntropyLogitGradientsMatchFiniteDifferences()
    {
        var cases =
            from n in Gen.Choose(1, 4)
            from classes in Gen.Choose(2, 5)
            from reduction in Gen.Elements(Reduction.None, Reduction.Mean, Reduction.Sum)
            from smoothing in Gen.Elements(0.0, 0.25)
            from weighted in Gen.Elements(false, true)
            from seed in Seeds
            select (N: n, Classes: classes, Reduction: reduction, Smoothing: smoothing, Weighted: weighted, Seed: seed);

        Check.One(Cases, Prop.ForAll(cases.ToArbitrary(), c =>
        {
            using var scope = DisposeScope.Enter();
            var random = new Random(c.Seed);
            var target = Tensor.From(Enumerable.Range(0, c.N).Select(_ => (long)random.Next(c.Classes)).ToArray());
            var weight = c.Weighted ? Tensor.From(Enumerable.Range(0, c.Classes).Select(_ => 0.5 + random.NextDouble()).ToArray()) : null;
            AssertGradientsMatch(c.Seed, t => Functional.CrossEntropy(t[0], target, weight, c.Reduction, labelSmoothing: c.Smoothing),
                RandomArg(random, c.N, c.Classes));
            return true;
        }));
    }

    private static readonly Gen<(int N, int C, int Kernel, int Stride, int Padding, int H, int W, bool CeilMode, int Seed)> PoolCases =
        from n in Gen.Choose(1, 2)
        from c in Gen.Choose(1, 3)
        from kernel in Gen.Choose(1, 3)
        from stride in Gen.Choose(1, 3)
        from padding in Gen.Choose(0, kernel / 2) // pooling allows at most half the kernel as padding
        from size in Gen.Choose(kernel, 6).Two()
        from ceilMode in Gen.Elements(false, true)
        from seed in Seeds
        select (n, c, kernel, stride, padding, size.Item1, size.Item2, ceilMode, seed);

    [Fact]
    public void MaxPool2dInputGradientMatchesFiniteDifferences()
    {
        // Random inputs have no ties within a window, so the max is differentiable at the test point.
        Check.One(Cases, Prop.ForAll(PoolCases.ToArbitrary(), c =>
        {
            AssertGradientsMatch(c.Seed, t => Functional.MaxPool2d(t[0], c.Kernel, c.Stride, c.Padding, ceilMode: c.CeilMode),
                RandomArg(new Random(c.Seed), c.N, c.C, c.H, c.W));
            return true;
        }));
    }

    [Fact]
    public void AvgPool2dInputGradientMatchesFiniteDifferences()
    {
        var cases = from c in PoolCases from countPad in Gen.Elements(false, true) select (Pool: c, CountIncludePad: countPad);
        Check.One(Cases, Prop.ForAll(cases.ToArbitrary(), x =>
        {
            var c = x.Pool;
            AssertGradientsMatch(c.Seed, t => Functional.AvgPool2d(t[0], c.Kernel, c.Stride, c.Padding, c.CeilMode, x.CountIncludePad),
                RandomArg(new Random(c.Seed), c.N, c.C, c.H, c.W));
            return true;
        }));
    }

    [Fact]
    public void GradientsAccumulateAcrossBackwardCallsUntilCleared()
    {
        using var scope = DisposeScope.Enter();
        var x = Tensor.From([1.0, -2.0, 3.0]);
        x.RequiresGrad = true;
        Assert.Null(x.Grad); // nothing computed yet

        (x * x).Sum().Backward();
        Assert.Equal([2.0, -4.0, 6.0], x.Grad!.ToArray<double>());

        // A second backward adds to the stored gradient (d/dx of 3·sum(x) is 3), as in PyTorch.
        (x * 3.0).Sum().Backward();
        Assert.Equal([5.0, -1.0, 9.0], x.Grad!.ToArray<double>());

        x.ClearGrad();
        Assert.Null(x.Grad);

        // After clearing, the next backward starts from nothing again.
        (x * 3.0).Sum().Backward();
        Assert.Equal([3.0, 3.0, 3.0], x.Grad!.ToArray<double>());
    }

    [Fact]
    public void RetainedGraphCanBackwardTwiceAndAFreedOneCannot()
    {
        using var scope = DisposeScope.Enter();
        var x = Tensor.From([1.0, 2.0]);
        x.RequiresGrad = true;
        var y = (x * x).Sum();

        y.Backward(retainGraph: true);
        y.Backward(); // frees the graph, and adds a second 2x
        Assert.Equal([4.0, 8.0], x.Grad!.ToArray<double>());

        var e = Assert.Throws<TorchException>(() => y.Backward());
        Assert.Contains("backward through the graph a second time", e.Message);
    }

    [Fact]
    public void NoGradRecordsNoGraphAndRestoresTheMode()
    {
        using var scope = DisposeScope.Enter();
        var w = Tensor.RandN([3, 2], DType.Float64, requiresGrad: true);
        var x = Tensor.RandN([4, 2], DType.Float64);
        Assert.True(Autograd.IsEnabled);

        using (Autograd.NoGrad())
        {
            Assert.False(Autograd.IsEnabled);
            var y = Functional.Linear(x, w);
            Assert.False(y.RequiresGrad);
            Assert.False((w * 2.0).RequiresGrad);

            // EnableGrad nests inside NoGrad, e.g. for a gradient step inside an evaluation loop.
            using (Autograd.EnableGrad())
                Assert.True(Functional.Linear(x, w).RequiresGrad);
            Assert.False(Autograd.IsEnabled);
        }

        Assert.True(Autograd.IsEnabled);
        Assert.True(Functional.Linear(x, w).RequiresGrad);
    }
}
