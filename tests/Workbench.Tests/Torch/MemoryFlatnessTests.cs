using System.Diagnostics;
using Workbench.Torch;
using F = Workbench.Torch.Functional;

namespace Workbench.Tests.Torch;

/// <summary>A long training loop written naturally inside dispose scopes must not leak native memory.</summary>
[Collection(SerialCollection.Name)]
public class MemoryFlatnessTests
{
    private const int Steps = 2000;
    private const int WarmUp = 200;

    [Fact]
    public void TwoThousandTrainingStepsKeepLiveTensorsAndResidentMemoryFlat()
    {
        LibTorch.ManualSeed(7);
        Tensor w1, w2;
        using (var init = DisposeScope.Enter())
        {
            w1 = init.Keep(Tensor.RandN(8, 3, 3, 3) * 0.1);
            w2 = init.Keep(Tensor.RandN(10, 8 * 8 * 8) * 0.01);
        }
        w1.RequiresGrad = true;
        w2.RequiresGrad = true;
        var x = Tensor.RandN(16, 3, 16, 16);
        var y = Tensor.RandInt(0, 10, [16]);
        // Tensors that other tests dropped without disposing are finalized now, not mid-loop.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var baseline = LibTorch.LiveTensorCount;
        long rssAfterWarmUp = 0;
        double firstLoss = 0, lastLoss = 0;

        for (int step = 0; step < Steps; step++)
        {
            using (DisposeScope.Enter())
            {
                var h = F.MaxPool2d(F.Conv2d(x, w1, padding: 1).Relu(), 2);
                var loss = F.CrossEntropy(F.Linear(h.Flatten(1), w2), y);
                loss.Backward();
                using (Autograd.NoGrad())
                {
                    w1.Sub_(w1.Grad!, alpha: 0.05);
                    w2.Sub_(w2.Grad!, alpha: 0.05);
                }
                w1.ClearGrad();
                w2.ClearGrad();
                if (step == 0) firstLoss = loss.Item<double>();
                if (step == Steps - 1) lastLoss = loss.Item<double>();
            }
            // Exact: every handle created in a step is gone when its scope closes.
            Assert.Equal(baseline, LibTorch.LiveTensorCount);
            if (step == WarmUp) rssAfterWarmUp = ResidentBytes();
        }

        var growth = (double)(ResidentBytes() - rssAfterWarmUp) / rssAfterWarmUp;
        // Bound: resident memory grows by less than 5% between step 200 and step 2000.
        // A leaked activation per step (16x8x16x16 floats = 128 KiB) would add over 200 MiB.
        Assert.True(growth < 0.05, $"resident memory grew {growth:P1} after warm-up");
        Assert.True(lastLoss < firstLoss, $"the loop must really train: loss {firstLoss} -> {lastLoss}");

        foreach (var t in new[] { w1, w2, x, y }) t.Dispose();
    }

    private static long ResidentBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        return self.WorkingSet64;
    }
}
