using Workbench.Checkpoints;
using Workbench.Data;
using Workbench.Nn.Models;
using Workbench.Torch;
using Workbench.Training;

namespace Workbench.Tests.Training;

/// <summary>Real training on a Fashion-MNIST subset: small enough for the suite, large enough to learn.</summary>
[Collection(SerialCollection.Name)] // exact repeats need libtorch's global generator to themselves
public class TrainerTests
{
    private static readonly Lazy<(Dataset Train, Dataset Test)> Subsets = new(() =>
    {
        using var train = FashionMnist.Load(Split.Train);
        using var test = FashionMnist.Load(Split.Test);
        return (train.Subset(Enumerable.Range(0, 2000).Select(i => (long)i).ToArray()),
                test.Subset(Enumerable.Range(0, 1000).Select(i => (long)i).ToArray()));
    });

    private static ConvNet SmallNet(ulong seed)
    {
        LibTorch.ManualSeed(seed);
        return ConvNet.Create(1, 28, width: 0.125);
    }

    private static TrainingOptions Options(int epochs, string? checkpoint = null) => new()
    {
        Epochs = epochs, BatchSize = 32, LearningRate = 0.05, Momentum = 0.9, WeightDecay = 5e-4, Seed = 1,
        Normalization = new Normalization([0.286f], [0.353f]), CheckpointPath = checkpoint,
    };

    [Fact]
    public void AFewHundredStepsDriveTheLossDownAndLearnFashionMnist()
    {
        var (train, test) = Subsets.Value;
        using var net = SmallNet(5);
        var before = Evaluation.Of(net, test, Options(0).Normalization);
        var reports = new List<TrainingProgress>();
        var history = new Trainer(net, Options(3)) { Progress = new Inline<TrainingProgress>(reports.Add) }.Fit(train, test, TestContext.Current.CancellationToken);
        var after = Evaluation.Of(net, test, Options(0).Normalization);

        // 2000 images in batches of 32 make 63 steps an epoch, reported every 10 and at the last.
        Assert.Equal(3 * 7, reports.Count);
        Assert.Equal([10, 20, 30, 40, 50, 60, 63], reports.Where(r => r.Epoch == 2).Select(r => r.Step));
        Assert.Equal(history[2].TrainLoss, reports[^1].Loss);
        Assert.True(history[2].TrainLoss < 0.6 * history[0].TrainLoss, $"train loss {history[0].TrainLoss} -> {history[2].TrainLoss}");
        Assert.True(after.Loss < 0.5 * before.Loss, $"test loss {before.Loss} -> {after.Loss}");
        // Stated bar: at least 70% on 1000 test images after 189 steps on 2000 images (chance is 10%).
        Assert.True(after.Accuracy >= 0.70, $"test accuracy {after.Accuracy:P1}");
        Assert.Equal(after.Accuracy, history[2].Validation!.Accuracy, 12);
        Assert.Equal(10, after.PerClassAccuracy.Length);
    }

    [Fact]
    public void AnInterruptedRunResumesToTheSameWeightsAsAnUninterruptedOne()
    {
        var (train, _) = Subsets.Value;
        using var folder = new TempFolder();
        var small = train.Subset(Enumerable.Range(0, 320).Select(i => (long)i).ToArray());

        using var straight = SmallNet(9);
        new Trainer(straight, Options(3)).Fit(small, cancellation: TestContext.Current.CancellationToken);

        var path = Path.Combine(folder.Path, "run.safetensors");
        using var stop = new CancellationTokenSource();
        using (var first = SmallNet(9))
            Assert.ThrowsAny<OperationCanceledException>(() =>
                new Trainer(first, Options(3, path)) { EpochCompleted = r => { if (r.Epoch == 1) stop.Cancel(); } }.Fit(small, cancellation: stop.Token));
        Assert.True(File.Exists(Trainer.ResumePath(path)), "an unfinished run keeps its resume state beside the checkpoint");

        using var resumed = SmallNet(123); // different initial weights: all must come from the checkpoint
        var resumedFrom = -1;
        var history = new Trainer(resumed, Options(3, path)) { Resumed = done => resumedFrom = done.Count }.Fit(small, cancellation: TestContext.Current.CancellationToken);

        Assert.Equal(2, resumedFrom);
        Assert.Equal(3, history.Count);
        foreach (var (name, tensor) in straight.StateDict())
            Assert.True(tensor.Detach().ToArrayAny().SequenceEqual(resumed.StateDict()[name].Detach().ToArrayAny()), $"{name} differs after resume");
        Assert.False(File.Exists(Trainer.ResumePath(path)), "a finished run removes its resume state");
    }

    [Fact]
    public void TheCheckpointHoldsTheModelAloneAndTheResumeStateHoldsTheMomentum()
    {
        var (train, _) = Subsets.Value;
        using var folder = new TempFolder();
        var small = train.Subset(Enumerable.Range(0, 128).Select(i => (long)i).ToArray());
        var path = folder.File("run.safetensors");
        using var stop = new CancellationTokenSource();
        using var net = SmallNet(3);
        Assert.ThrowsAny<OperationCanceledException>(() =>
            new Trainer(net, Options(2, path)) { EpochCompleted = _ => stop.Cancel() }.Fit(small, cancellation: stop.Token));

        var modelKeys = net.StateDict().Keys.Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(modelKeys, SafeTensors.ReadHeader(path).Tensors.Select(t => t.Name).Order(StringComparer.Ordinal).ToArray());
        var resumeKeys = SafeTensors.ReadHeader(Trainer.ResumePath(path)).Tensors.Select(t => t.Name).ToHashSet();
        Assert.Superset(modelKeys.ToHashSet(), resumeKeys);
        Assert.Equal(net.Parameters().Count(), resumeKeys.Count(k => k.StartsWith("optimizer.momentum.", StringComparison.Ordinal)));
    }

    [Fact]
    public void AFinishedRunRerunWithOtherSettingsIsRefusedNamingThemAndLeftAlone()
    {
        var (train, _) = Subsets.Value;
        using var folder = new TempFolder();
        var small = train.Subset(Enumerable.Range(0, 64).Select(i => (long)i).ToArray());
        var path = folder.File("run.safetensors");
        using (var net = SmallNet(1)) new Trainer(net, Options(1, path)).Fit(small, cancellation: TestContext.Current.CancellationToken);
        var bytes = File.ReadAllBytes(path);

        var changes = new (TrainingOptions Options, string[] Named)[]
        {
            (Options(1, path) with { LearningRate = 0.02 }, ["lr 0.05 there, 0.02 now"]),
            (Options(1, path) with { WeightDecay = 1e-3 }, ["weight-decay 0.0005 there, 0.001 now"]),
            (Options(1, path) with { Schedule = LearningRateSchedule.Cosine(0.05, 1) }, ["schedule constant 0.05 there, cosine 0.05 to 0 over 1 now"]),
            (Options(2, path), ["epochs 1 there, 2 now"]),
            (Options(1, path) with { RunDescription = new Dictionary<string, string> { ["dataset"] = "mnist" } }, ["dataset (unset) there, mnist now"]),
        };
        foreach (var (options, named) in changes)
        {
            using var net = SmallNet(1);
            var e = Assert.Throws<InvalidOperationException>(() => new Trainer(net, options).Fit(small, cancellation: TestContext.Current.CancellationToken));
            foreach (var n in named) Assert.Contains(n, e.Message);
            Assert.Contains(path, e.Message);
            Assert.Equal(bytes, File.ReadAllBytes(path));
        }

        using var same = SmallNet(2);
        var history = new Trainer(same, Options(1, path)).Fit(small, cancellation: TestContext.Current.CancellationToken);
        Assert.Single(history);
        Assert.Equal(bytes, File.ReadAllBytes(path));
    }

    [Fact]
    public void AFileTheTrainerDidNotWriteIsNeverTrainedOver()
    {
        using var folder = new TempFolder();
        var path = folder.File("someone-elses.safetensors");
        using (var other = SmallNet(1)) Workbench.Checkpoints.ModelCheckpoint.Save(path, other);
        var bytes = File.ReadAllBytes(path);
        using var net = SmallNet(1);
        var e = Assert.Throws<InvalidOperationException>(() => new Trainer(net, Options(1, path)).Fit(Subsets.Value.Train, cancellation: TestContext.Current.CancellationToken));
        Assert.Contains("records no training settings", e.Message);
        Assert.Equal(bytes, File.ReadAllBytes(path));
    }

    [Fact]
    public void AnAbsurdLearningRateStopsWithADivergenceError()
    {
        var (train, _) = Subsets.Value;
        using var net = SmallNet(2);
        var e = Assert.Throws<TrainingDivergedException>(() => new Trainer(net, Options(1) with { LearningRate = 1e6 }).Fit(train, cancellation: TestContext.Current.CancellationToken));
        Assert.Contains("diverged", e.Message);
        Assert.Contains("epoch 0", e.Message);
    }

    [Fact]
    public void SameSeedSameCpuGivesIdenticalTraining()
    {
        var (train, _) = Subsets.Value;
        var small = train.Subset(Enumerable.Range(0, 256).Select(i => (long)i).ToArray());
        double[] Run()
        {
            using var net = SmallNet(4);
            new Trainer(net, Options(1) with { Augmentation = Augmentation.CifarRecipe }).Fit(small);
            return net.Parameters().SelectMany(p => p.Detach().ToArrayAny()).ToArray();
        }
        Assert.Equal(Run(), Run());
    }
}

internal sealed class Inline<T>(Action<T> action) : IProgress<T>
{
    public void Report(T value) => action(value);
}
