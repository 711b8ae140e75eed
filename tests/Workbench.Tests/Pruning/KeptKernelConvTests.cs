using FsCheck;
using FsCheck.Fluent;
using Workbench.Torch;

namespace Workbench.Tests.Pruning;

/// <summary>
/// The kept-kernel convolution against libtorch's own dense convolution of the masked weight: the
/// output and all three gradients, over random shapes, strides, paddings, sparsities and patterns,
/// on every instruction set this CPU has. It switches the process-wide instruction set, so it runs alone.
/// </summary>
[Collection(SerialCollection.Name)]
public class KeptKernelConvTests
{
    public enum Pattern { Random, EqualPerMap, EmptyOutputMap, AllKept, NoneKept }

    public sealed record Case(int Batch, int In, int Out, int Height, int Width, int KernelH, int KernelW, int Stride, int Padding,
        double Sparsity, Pattern Pattern, bool Bias, int Seed)
    {
        public override string ToString() =>
            $"x [{Batch},{In},{Height},{Width}] -> {Out} maps, k {KernelH}x{KernelW} s {Stride} p {Padding}, {Pattern} at {Sparsity}, bias {Bias}, seed {Seed}";
    }

    private static Arbitrary<Case> Cases() =>
        (from batch in Gen.Choose(1, 3)
         from inputs in Gen.Choose(1, 9)
         from outputs in Gen.Choose(1, 9)
         from height in Gen.Choose(1, 13)
         from width in Gen.Choose(1, 21)
         from kh in Gen.Elements(1, 2, 3, 5)
         from kw in Gen.Elements(1, 3, 5)
         from stride in Gen.Choose(1, 3)
         from padding in Gen.Choose(0, 2)
         from sparsity in Gen.Elements(0.0, 0.25, 0.5, 0.75, 0.9)
         from pattern in Gen.Elements(Enum.GetValues<Pattern>())
         from bias in ArbMap.Default.GeneratorFor<bool>()
         from seed in Gen.Choose(0, 100_000)
         where height + 2 * padding >= kh && width + 2 * padding >= kw
         select new Case(batch, inputs, outputs, height, width, kh, kw, stride, padding, sparsity, pattern, bias, seed)).ToArbitrary();

    /// <summary>The instruction sets to test: every one this CPU can run.</summary>
    private static string[] InstructionSets()
    {
        var sets = new List<string>();
        foreach (var name in new[] { "generic", "avx2", "avx512" })
            try
            {
                LibTorch.KeptKernelInstructionSet = name;
                sets.Add(name);
            }
            catch (TorchException)
            {
                // this CPU lacks it
            }
        LibTorch.KeptKernelInstructionSet = "auto";
        return [.. sets];
    }

    /// <summary>A 0/1 kernel mask [O, I] for the case, flattened.</summary>
    private static float[] MaskFor(Case c)
    {
        var random = new Random(c.Seed);
        var mask = new float[c.Out * c.In];
        var keptPerMap = (int)Math.Round(c.In * (1 - c.Sparsity));
        for (int o = 0; o < c.Out; o++)
            for (int i = 0; i < c.In; i++)
                mask[o * c.In + i] = c.Pattern switch
                {
                    Pattern.AllKept => 1,
                    Pattern.NoneKept => 0,
                    Pattern.EqualPerMap => 0,
                    Pattern.EmptyOutputMap when o == 0 => 0,
                    _ => random.NextDouble() >= c.Sparsity ? 1 : 0,
                };
        if (c.Pattern == Pattern.EqualPerMap)
            for (int o = 0; o < c.Out; o++)
                foreach (var i in Enumerable.Range(0, c.In).OrderBy(_ => random.Next()).Take(keptPerMap)) mask[o * c.In + i] = 1;
        return mask;
    }

    private static long[] KeptIndex(float[] mask) => [.. Enumerable.Range(0, mask.Length).Where(k => mask[k] > 0).Select(k => (long)k)];

    /// <summary>Output and gradients of input, weight and bias for a random upstream gradient, by either convolution.</summary>
    private static float[][] Run(Case c, bool kept)
    {
        using var scope = DisposeScope.Enter();
        LibTorch.ManualSeed((ulong)c.Seed);
        var x = Tensor.RandN(c.Batch, c.In, c.Height, c.Width);
        var w = Tensor.RandN(c.Out, c.In, c.KernelH, c.KernelW);
        var b = c.Bias ? Tensor.RandN(c.Out) : null;
        var maskValues = MaskFor(c);
        using var mask = Tensor.From(maskValues, c.Out, c.In, 1, 1);
        foreach (var t in new[] { x, w, b }) if (t is not null) t.RequiresGrad = true;
        Tensor y;
        if (kept)
        {
            using var index = Tensor.From(KeptIndex(maskValues));
            y = Functional.KeptKernelConv2d(x, w, b, index, c.Stride, c.Padding);
        }
        else y = Functional.Conv2d(x, w * mask, b, c.Stride, c.Padding);
        var upstream = Tensor.RandN(y.Shape);
        (y * upstream).Sum().Backward();
        var results = new List<float[]> { y.ToArray<float>(), x.Grad!.ToArray<float>(), w.Grad!.ToArray<float>() };
        if (b is not null) results.Add(b.Grad!.ToArray<float>());
        return [.. results];
    }

    private static bool Close(float[] expected, float[] actual) =>
        expected.Length == actual.Length && expected.Zip(actual).All(p => Math.Abs(p.First - p.Second) <= 1e-4f + 1e-4f * Math.Abs(p.First));

    [Fact]
    public void OutputAndGradientsEqualTheMaskedDenseConvolutionOnEveryInstructionSet()
    {
        var sets = InstructionSets();
        Assert.Contains("generic", sets);
        try
        {
            Check.One(Config.QuickThrowOnFailure.WithMaxTest(120), Prop.ForAll(Cases(), c =>
            {
                var expected = Run(c, kept: false);
                return sets.All(set =>
                {
                    LibTorch.KeptKernelInstructionSet = set;
                    var actual = Run(c, kept: true);
                    return expected.Zip(actual).All(p => Close(p.First, p.Second));
                }).Label(c.ToString());
            }));
        }
        finally
        {
            LibTorch.KeptKernelInstructionSet = "auto";
        }
    }

    [Fact]
    public void AWideLayerAtTheBenchmarksShapeAgreesToo()
    {
        // Big enough for many pixel blocks, several tiles per input map and both threads.
        var c = new Case(4, 64, 64, 16, 16, 3, 3, 1, 1, 0.75, Pattern.Random, true, 7);
        var expected = Run(c, kept: false);
        var actual = Run(c, kept: true);
        Assert.All(expected.Zip(actual), p => Assert.True(Close(p.First, p.Second)));
    }

    [Fact]
    public void AnOutputMapWithNoKeptKernelIsItsBiasAlone()
    {
        using var scope = DisposeScope.Enter();
        var x = Tensor.RandN(2, 3, 5, 5);
        var w = Tensor.RandN(2, 3, 3, 3);
        var b = Tensor.From(new[] { 0.5f, -2f });
        using var index = Tensor.From(new long[] { 0, 2 }); // map 0 reads inputs 0 and 2; map 1 reads nothing
        var y = Functional.KeptKernelConv2d(x, w, b, index, 1, 1);
        Assert.All(y.Select(1, 1).Flatten().ToArray<float>(), v => Assert.Equal(-2f, v));
    }

    [Fact]
    public void TheResultDoesNotDependOnTheThreadCount()
    {
        var c = new Case(3, 16, 24, 9, 11, 3, 3, 1, 1, 0.5, Pattern.Random, true, 11);
        var threads = LibTorch.Threads;
        try
        {
            LibTorch.Threads = 1;
            var one = Run(c, kept: true);
            LibTorch.Threads = 2;
            var two = Run(c, kept: true);
            Assert.All(one.Zip(two), p => Assert.Equal(p.First, p.Second));
        }
        finally
        {
            LibTorch.Threads = threads;
        }
    }

    [Theory]
    [InlineData(new long[] { 3, 1 }, "strictly increasing")]
    [InlineData(new long[] { 0, 6 }, "outside a 2x3 layer")]
    [InlineData(new long[] { -1 }, "outside a 2x3 layer")]
    public void ABadKeptKernelIndexIsRefusedWithWhatIsWrong(long[] kept, string expected)
    {
        using var scope = DisposeScope.Enter();
        using var index = Tensor.From(kept);
        var e = Assert.Throws<TorchException>(() => Functional.KeptKernelConv2d(Tensor.RandN(1, 3, 4, 4), Tensor.RandN(2, 3, 3, 3), null, index, 1, 1));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void MismatchedShapesAndDtypesAreRefusedByName()
    {
        using var scope = DisposeScope.Enter();
        using var index = Tensor.From(new long[] { 0 });
        var channels = Assert.Throws<TorchException>(() => Functional.KeptKernelConv2d(Tensor.RandN(1, 4, 4, 4), Tensor.RandN(2, 3, 3, 3), null, index));
        Assert.Contains("the input has 4 channels, the weight expects 3", channels.Message);
        var dtype = Assert.Throws<TorchException>(() => Functional.KeptKernelConv2d(Tensor.RandN(1, 3, 4, 4).To(DType.Float64), Tensor.RandN(2, 3, 3, 3), null, index));
        Assert.Contains("float32", dtype.Message);
        var floatIndex = Assert.Throws<TorchException>(() => Functional.KeptKernelConv2d(Tensor.RandN(1, 3, 4, 4), Tensor.RandN(2, 3, 3, 3), null, index.To(DType.Float32)));
        Assert.Contains("int64", floatIndex.Message);
        var big = Assert.Throws<TorchException>(() => Functional.KeptKernelConv2d(Tensor.RandN(1, 3, 2, 2), Tensor.RandN(2, 3, 5, 5), null, index));
        Assert.Contains("does not fit", big.Message);
    }

    [Fact]
    public void AnUnknownInstructionSetIsRefusedAndTheChoiceStays()
    {
        var before = LibTorch.KeptKernelInstructionSet;
        var e = Assert.Throws<TorchException>(() => LibTorch.KeptKernelInstructionSet = "sse9");
        Assert.Contains("'sse9'", e.Message);
        Assert.Equal(before, LibTorch.KeptKernelInstructionSet);
    }
}
