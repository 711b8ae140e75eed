using System.Text.Json.Nodes;
using Workbench.Data;
using Workbench.Nn;
using Workbench.Nn.Models;
using Workbench.Pruning.Criteria;
using Workbench.Pruning.Residual;
using Workbench.Torch;
using Workbench.Training;

namespace Workbench.Tests.Pruning.Residual;

/// <summary>The authors' procedure as loop options: the KL filter criterion, and training the chosen network at every iteration.</summary>
public class LoopScheduleTests
{
    private static Dataset Data(int seed, int count)
    {
        LibTorch.ManualSeed((ulong)seed);
        return new Dataset(Tensor.Rand(count, 1, 8, 8), Tensor.RandInt(0, 10, [count]), Enumerable.Range(0, 10).Select(i => $"c{i}").ToArray());
    }

    private static LoopOptions Options(double target, int fineTuneEpochs = 0) => new()
    {
        TargetMacReduction = target, MinimumBlocksPerStage = 1, CkaImages = 40,
        FineTuning = new TrainingOptions { Epochs = fineTuneEpochs, BatchSize = 16, LearningRate = 0.01, Momentum = 0.9, Nesterov = true, Seed = 1 },
    };

    private static TrainingOptions Chosen(int epochs) => new()
    {
        Epochs = epochs, BatchSize = 16, LearningRate = 0.05, Momentum = 0.9, Nesterov = true, Seed = 2, Schedule = AuthorsSchedule.Step(0.05, epochs),
    };

    /// <summary>A CIFAR ResNet of the given depth whose blocks have 4 internal filters each: fast to run once per filter.</summary>
    private static ResNetCifar Narrow(int depth, int seed)
    {
        LibTorch.ManualSeed((ulong)seed);
        using var full = ResNetCifar.Create(depth, 1, 8);
        var architecture = (ResNetArchitecture)full.Architecture;
        return new ResNetCifar(architecture with { Stages = architecture.Stages.Select(s => s.Select(_ => 4).ToArray()).ToArray() });
    }

    private static LoopIteration Untimed(LoopIteration i) => i with { Seconds = 0 };

    private static void AssertSameState(Module expected, Module actual)
    {
        var (a, b) = (expected.StateDict(), actual.StateDict());
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        foreach (var (name, tensor) in a) Assert.True(Same(tensor, b[name]), $"{name} differs");
    }

    private static bool SameState(Module a, Module b) => a.StateDict().All(kv => Same(kv.Value, b.StateDict()[kv.Key]));

    private static bool Same(Tensor a, Tensor b)
    {
        using var scope = DisposeScope.Enter();
        return a.Shape.SequenceEqual(b.Shape) && a.Eq(b).All().Item<bool>();
    }

    [Fact]
    public void TheChosenNetworkTrainsItsEpochsOnItsScheduleAtEveryIteration()
    {
        LibTorch.ManualSeed(41);
        using var net = ResNetCifar.Create(20, 1, 8);
        using var train = Data(42, 32);
        using var held = Data(43, 40);
        var epochs = new List<(int Iteration, EpochRecord Record)>();
        var options = Options(0.2) with { ChosenTraining = Chosen(4) };
        var (pruned, log) = new LayerVsFilterLoop(options) { ChosenEpochCompleted = (i, e) => epochs.Add((i, e)) }.Run(net, train, held, null);
        using (pruned)
        {
            Assert.True(log.Count >= 2, "the target takes more than one iteration, so training is seen to repeat");
            var schedule = AuthorsSchedule.Step(0.05, 4);
            foreach (var iteration in log)
            {
                var mine = epochs.Where(e => e.Iteration == iteration.Iteration).Select(e => e.Record).ToList();
                Assert.Equal([0, 1, 2, 3], mine.Select(e => e.Epoch));
                // Steps at epochs 2 and 3 of 4: 100/190 and 150/190 of the run, rounded.
                Assert.All(mine.Zip([0.05, 0.05, 0.005, 0.0005]), p => Assert.Equal(p.Second, p.First.LearningRate, 12));
                Assert.Equal(mine.Select(e => schedule.At(e.Epoch)), mine.Select(e => e.LearningRate));
            }
        }

        // The first iteration's network is the untrained loop's choice, trained by the trainer on its own with those options.
        var (once, onceLog) = new LayerVsFilterLoop(Options(0.05) with { ChosenTraining = Chosen(3) }).Run(net, train, held, null);
        var (untrained, untrainedLog) = new LayerVsFilterLoop(Options(0.05)).Run(net, train, held, null);
        using (once)
        using (untrained)
        {
            Assert.Equal(untrainedLog[0] with { ValidationAccuracy = 0, Seconds = 0 }, onceLog[0] with { ValidationAccuracy = 0, Seconds = 0 });
            new Trainer(untrained, Chosen(3)).Fit(train, cancellation: TestContext.Current.CancellationToken);
            AssertSameState(untrained, once);
            Assert.Equal(Evaluation.Of(untrained, held).Accuracy, onceLog[0].ValidationAccuracy);
        }
    }

    private sealed class Interruption : Exception;

    [Fact]
    public void AnInterruptionInsideTheChosenNetworksTrainingResumesAtItsNextEpochAndEndsAsAnUninterruptedRun()
    {
        using var net = Narrow(20, 44);
        using var train = Data(45, 32);
        using var held = Data(46, 40);
        var options = Options(0.2, fineTuneEpochs: 1) with { ChosenTraining = Chosen(3) };
        using var straight = new TempFolder();
        var (expected, expectedLog) = new LayerVsFilterLoop(options).Run(net, train, held, null, straight.Path);

        using var interrupted = new TempFolder();
        // Thrown after the second epoch of iteration 1's training was saved: a kill at that moment.
        Assert.Throws<Interruption>(() => new LayerVsFilterLoop(options)
        {
            ChosenEpochCompleted = (i, e) => { if ((i, e.Epoch) == (1, 1)) throw new Interruption(); },
        }.Run(net, train, held, null, interrupted.Path));
        Assert.False(File.Exists(Path.Combine(interrupted.Path, LayerVsFilterLoop.LogFile)), "no iteration was complete");

        var rerun = new List<(int, int)>();
        var fineTuned = 0;
        var (resumed, resumedLog) = new LayerVsFilterLoop(options)
        {
            ChosenEpochCompleted = (i, e) => rerun.Add((i, e.Epoch)),
            FineTuneProgress = new Progress(() => fineTuned++),
        }.Run(net, train, held, null, interrupted.Path);
        using (expected)
        using (resumed)
        {
            Assert.Equal((1, 2), rerun[0]); // iteration 1 goes on with its third epoch...
            Assert.DoesNotContain((1, 0), rerun);
            Assert.Equal(expectedLog.Select(Untimed), resumedLog.Select(Untimed));
            AssertSameState(expected, resumed);
            // Nothing of the interrupted training is left behind.
            Assert.Equal(Directory.GetFiles(straight.Path).Select(Path.GetFileName).Order(), Directory.GetFiles(interrupted.Path).Select(Path.GetFileName).Order());
        }
        // ...without fine-tuning its candidates again: only the later iterations' candidates were.
        Assert.True(fineTuned > 0);
        Assert.Equal(expectedLog.Count > 1, fineTuned > 0);
    }

    /// <summary>Counts reports synchronously (System.Progress would post them to the thread pool).</summary>
    private sealed class Progress(Action report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report();
    }

    [Fact]
    public void OtherCriterionOrTrainingSettingsAreRefusedByNameAndOldFoldersResumeAsTheDefaults()
    {
        LibTorch.ManualSeed(47);
        using var net = ResNetCifar.Create(20, 1, 8);
        using var train = Data(48, 32);
        using var held = Data(49, 40);
        using var folder = new TempFolder();
        var options = Options(0.1);
        new LayerVsFilterLoop(options).Run(net, train, held, null, folder.Path).Network.Dispose();
        var logPath = Path.Combine(folder.Path, LayerVsFilterLoop.LogFile);
        var log = File.ReadAllText(logPath);

        var kl = Assert.Throws<InvalidOperationException>(() => new LayerVsFilterLoop(options with { FilterCriterion = FilterCriterion.Kl, KlImagesPerClass = 7 }).Run(net, train, held, null, folder.Path));
        Assert.Contains("FilterCriterion L1 there, KL on 7 held-out images per class now", kl.Message);
        var trained = Assert.Throws<InvalidOperationException>(() => new LayerVsFilterLoop(options with { ChosenTraining = Chosen(4) }).Run(net, train, held, null, folder.Path));
        Assert.Contains("ChosenTraining none there, 4 epochs, multistep 0.05 x0.1 at 2,3, batch 16", trained.Message);
        Assert.Equal(log, File.ReadAllText(logPath));

        // A folder from before these settings records neither: it reads as L1 without training, and resumes as such.
        var settingsPath = Path.Combine(folder.Path, LoopSettings.FileName);
        var settings = JsonNode.Parse(File.ReadAllText(settingsPath))!.AsObject();
        Assert.True(settings.Remove("FilterCriterion") && settings.Remove("ChosenTraining"));
        File.WriteAllText(settingsPath, settings.ToJsonString());
        Assert.Throws<InvalidOperationException>(() => new LayerVsFilterLoop(options with { ChosenTraining = Chosen(4) }).Run(net, train, held, null, folder.Path));
        var notes = new List<string>();
        var (more, moreLog) = new LayerVsFilterLoop(options with { TargetMacReduction = 0.2 }) { Status = notes.Add }.Run(net, train, held, null, folder.Path);
        more.Dispose();
        Assert.DoesNotContain(notes, n => n.StartsWith("note:", StringComparison.Ordinal));
        Assert.True(moreLog.Count > System.Text.Json.JsonSerializer.Deserialize<List<LoopIteration>>(log, LayerVsFilterLoop.LogJson)!.Count);
    }

    [Fact]
    public void TheKlCriterionPicksTheFilterCandidatesFilters()
    {
        using var net = Narrow(14, 50);
        RandomNetworks.Randomize(net);
        using var train = Data(51, 32);
        using var held = Data(52, 40);
        var options = Options(0.05) with { Candidates = LoopCandidates.FiltersOnly, FilterCriterion = FilterCriterion.Kl, KlImagesPerClass = 2 };
        var (pruned, log) = new LayerVsFilterLoop(options).Run(net, train, held, null);
        using (pruned)
        using (var images = PerClassSample.First(held, 2))
        using (var byKl = ResidualFilterPruning.RemoveFilters(net, log[0].FiltersRemoved, new OutputKlDivergence(net, images, null)))
        using (var byL1 = ResidualFilterPruning.RemoveFilters(net, log[0].FiltersRemoved))
        {
            Assert.Single(log);
            AssertSameState(byKl, pruned);
            // So the criterion is seen to matter: L1 keeps other filters.
            Assert.False(SameState(byL1, byKl));
        }
    }

    [Theory]
    [InlineData(190, new[] { 100, 150 })]
    [InlineData(10, new[] { 5, 8 })]
    [InlineData(19, new[] { 10, 15 })]
    public void TheAuthorsStepsScaleWithTheEpochs(int epochs, int[] milestones)
    {
        var schedule = AuthorsSchedule.Step(0.01, epochs);
        for (int e = 0; e < epochs; e++)
            Assert.Equal(0.01 * (e < milestones[0] ? 1 : e < milestones[1] ? 0.1 : 0.01), schedule.At(e), 15);
    }
}
