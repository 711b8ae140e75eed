using FsCheck;
using FsCheck.Fluent;
using Workbench.Torch;

namespace Workbench.Tests.Torch;

/// <summary>libtorch errors surface as TorchException with libtorch's message, and the process lives on.</summary>
public class ErrorPathTests
{
    [Fact]
    public void Conv2dWithWrongChannelCountThrowsLibtorchMessage()
    {
        using var x = Tensor.RandN(1, 4, 8, 8);
        using var w = Tensor.RandN(6, 3, 3, 3);
        var e = Assert.Throws<TorchException>(() => Functional.Conv2d(x, w));
        Assert.Contains("expected input[1, 4, 8, 8] to have 3 channels", e.Message);

        // The process and libtorch keep working after the error.
        using var ok = Functional.Conv2d(Tensor.RandN(1, 3, 8, 8), w, padding: 1);
        Assert.Equal([1L, 6, 8, 8], ok.Shape);
    }

    [Fact]
    public void MatmulOfMismatchedSizesThrowsLibtorchMessage()
    {
        using var a = Tensor.RandN(2, 3);
        using var b = Tensor.RandN(4, 5);
        var e = Assert.Throws<TorchException>(() => a.MatMul(b));
        Assert.Contains("cannot be multiplied", e.Message);
        Assert.Contains("2x3 and 4x5", e.Message);
    }

    [Fact]
    public void ErrorsOnManyThreadsStayOnTheirOwnThread()
    {
        // The last-error slot is thread-local: concurrent failures never swap messages.
        Parallel.For(0, 64, i =>
        {
            using var a = Tensor.Zeros(2, i + 1);
            using var b = Tensor.Zeros(i + 3, 2);
            var e = Assert.Throws<TorchException>(() => a.MatMul(b));
            Assert.Contains($"2x{i + 1} and {i + 3}x2", e.Message);
        });
    }

    [Fact]
    public void EveryMismatchedMatmulIsReportedNotAborted()
    {
        Prop.ForAll(Gen.Choose(1, 6).Three().ToArbitrary(), dims =>
        {
            var (n, k, m) = dims;
            using var a = Tensor.Zeros(n, k);
            using var b = Tensor.Zeros(k + 1, m);
            var e = Assert.Throws<TorchException>(() => a.MatMul(b));
            return e.Message.Contains($"{n}x{k} and {k + 1}x{m}");
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void UsingADisposedTensorThrowsObjectDisposed()
    {
        var t = Tensor.Ones(3);
        t.Dispose();
        Assert.True(t.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => t.Sum());
        Assert.Throws<ObjectDisposedException>(() => _ = t.Shape);
        t.Dispose(); // a second dispose is harmless
    }

    [Fact]
    public void ReadingWithTheWrongElementTypeNamesBothTypes()
    {
        using var t = Tensor.Ones(new long[] { 3 }, DType.Float64);
        var e = Assert.Throws<InvalidOperationException>(() => t.ToArray<float>());
        Assert.Contains("Float64", e.Message);
        Assert.Contains("Float32", e.Message);
    }

    [Fact]
    public void FromArrayWithAShapeThatDoesNotFitSaysSo()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.From(new float[5], 2, 3));
        Assert.Contains("5 elements", e.Message);
        Assert.Contains("[2, 3]", e.Message);
    }

    [Fact]
    public void ScalarIsZeroDimensional()
    {
        using var s = Tensor.Scalar(2.5);
        Assert.Equal(0, s.Dim);
        Assert.Equal(2.5, s.Item<double>());
    }
}
