using Workbench.Data;
using Workbench.Nn;
using Workbench.Nn.Models;
using Workbench.Tests.Torch;
using Workbench.Torch;
using Workbench.Training;
using F = Workbench.Torch.Functional;

namespace Workbench.Tests.Training;

/// <summary>
/// The training loop keeps its running loss and accuracy on the device and reads them to the host only at
/// progress reports: on a GPU every read waits for the device, so one per step would serialise the two.
/// </summary>
[Collection(SerialCollection.Name)]
public class TrainerHostReadTests
{
    private static readonly Normalization Norm = new([0.286f], [0.353f]);

    private static Dataset Images(int count)
    {
        using var train = FashionMnist.Load(Split.Train);
        return train.Subset(Enumerable.Range(0, count).Select(i => (long)i).ToArray());
    }

    private static TrainingOptions Options(int progressEvery) => new()
    {
        Epochs = 1, BatchSize = 16, LearningRate = 0.05, Momentum = 0.9, WeightDecay = 5e-4, Seed = 3, Normalization = Norm, ProgressEvery = progressEvery,
    };

    [Fact]
    public void AnEpochReadsTheHostOnlyAtItsProgressReports()
    {
        using var data = Images(640); // 40 steps
        long Reads(int every)
        {
            LibTorch.ManualSeed(1);
            using var net = ConvNet.Create(1, 28, width: 0.125);
            return HostReadCount.During(() => new Trainer(net, Options(every)).Fit(data));
        }
        var spaced = Reads(10);
        var everyStep = Reads(1);
        Assert.InRange(spaced, 1, 2 * 4); // loss and accuracy at steps 10, 20, 30, 40
        Assert.True(everyStep >= 40, $"reporting every step should read at least once a step, read {everyStep} times");
    }

    [Fact]
    public void TheRunningLossAndAccuracyEqualAStepByStepReplay()
    {
        using var data = Images(200); // 13 steps, the last one short
        LibTorch.ManualSeed(7);
        using var net = ConvNet.Create(1, 28, width: 0.125);
        using var replica = NetworkCopy.Clone(net);
        var record = new Trainer(net, Options(4)).Fit(data, cancellation: TestContext.Current.CancellationToken)[0];

        // The same steps by hand, reading every loss as it comes (the network has no dropout, so libtorch's seed plays no part).
        var options = Options(4);
        var sgd = new Sgd(replica.NamedParameters(), options.LearningRate, options.Momentum, weightDecay: options.WeightDecay);
        var loader = new BatchLoader(data, options.BatchSize) { Seed = options.Seed, Normalization = Norm };
        double lossSum = 0;
        long correct = 0, seen = 0;
        replica.Train();
        foreach (var batch in loader.Epoch(0))
        {
            using var scope = DisposeScope.Enter();
            using (batch)
            {
                var logits = replica.Forward(batch.Images);
                var loss = F.CrossEntropy(logits, batch.Labels);
                lossSum += loss.Item<double>() * batch.Count;
                using (Autograd.NoGrad()) correct += logits.ArgMax(1).Eq(batch.Labels).Sum().Item<long>();
                replica.ZeroGrad();
                loss.Backward();
                sgd.Step();
                seen += batch.Count;
            }
        }
        sgd.Reset();
        Assert.Equal(lossSum / seen, record.TrainLoss, 12);
        Assert.Equal((double)correct / seen, record.TrainAccuracy, 12);
    }

    [Fact]
    public void ADivergedLossIsCaughtAtTheEpochsEndEvenWhenReportsAreRarerThanSteps()
    {
        using var data = Images(320);
        LibTorch.ManualSeed(2);
        using var net = ConvNet.Create(1, 28, width: 0.125);
        var e = Assert.Throws<TrainingDivergedException>(() => new Trainer(net, Options(1000) with { LearningRate = 1e6 }).Fit(data, cancellation: TestContext.Current.CancellationToken));
        Assert.Equal(20, e.Step); // the epoch's last step, where the only read happens
        Assert.Contains("diverged", e.Message);
    }

    [Fact]
    public void AProgressIntervalBelowOneIsRefused()
    {
        using var net = ConvNet.Create(1, 28, width: 0.125);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer(net, new TrainingOptions { ProgressEvery = 0 }));
        Assert.Contains("ProgressEvery", e.Message);
    }
}
