using FsCheck;
using FsCheck.Fluent;
using Workbench.Torch;
using F = Workbench.Torch.Functional;

namespace Workbench.Tests.Torch;

[Collection(SerialCollection.Name)]
public class DeterminismTests
{
    private static (float[], float[], long[], long[], float[]) Draw(ulong seed)
    {
        using var scope = DisposeScope.Enter();
        LibTorch.ManualSeed(seed);
        return (Tensor.RandN(64).ToArray<float>(),
                Tensor.Rand(64).ToArray<float>(),
                Tensor.RandInt(0, 1000, [64]).ToArray<long>(),
                Tensor.RandPerm(64).ToArray<long>(),
                F.Dropout(Tensor.Ones(64), 0.5).ToArray<float>());
    }

    [Fact]
    public void SameSeedGivesBitIdenticalRandomTensors()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<ulong>(), seed =>
        {
            var a = Draw(seed);
            var b = Draw(seed);
            return a.Item1.SequenceEqual(b.Item1) && a.Item2.SequenceEqual(b.Item2) && a.Item3.SequenceEqual(b.Item3)
                && a.Item4.SequenceEqual(b.Item4) && a.Item5.SequenceEqual(b.Item5);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void DifferentSeedsGiveDifferentTensors()
    {
        Assert.False(Draw(1).Item1.SequenceEqual(Draw(2).Item1));
    }

    [Fact]
    public void SameSeedGivesBitIdenticalTrainingOnCpu()
    {
        Assert.Equal(Train(11), Train(11));
    }

    private static float[] Train(ulong seed)
    {
        LibTorch.ManualSeed(seed);
        using var w = Tensor.RandN(4, 2, 3, 3);
        w.RequiresGrad = true;
        for (int i = 0; i < 20; i++)
        {
            using var scope = DisposeScope.Enter();
            var x = Tensor.RandN(8, 2, 6, 6);
            var loss = F.Dropout(F.Conv2d(x, w, padding: 1), 0.2).Square().Mean();
            loss.Backward();
            using (Autograd.NoGrad()) w.Sub_(w.Grad!, alpha: 0.1);
            w.ClearGrad();
        }
        return w.Detach().ToArray<float>();
    }

    [Fact]
    public void ThreadCountCanBeReadAndSet()
    {
        var original = LibTorch.Threads;
        Assert.Equal(Environment.ProcessorCount, original);
        try
        {
            LibTorch.Threads = 1;
            Assert.Equal(1, LibTorch.Threads);
            Assert.Throws<ArgumentOutOfRangeException>(() => LibTorch.Threads = 0);
        }
        finally
        {
            LibTorch.Threads = original;
        }
    }
}
