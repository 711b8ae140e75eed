using Workbench.Data;
using Workbench.Nn;
using Workbench.Nn.Models;
using Workbench.Pruning.Residual;
using Workbench.Similarity;
using Workbench.Torch;
using Workbench.Training;

namespace Workbench.Tests.Pruning.Residual;

public class LayerVsFilterLoopTests
{
    private static Dataset Data(int seed, int count)
    {
        LibTorch.ManualSeed((ulong)seed);
        return new Dataset(Tensor.Rand(count, 1, 8, 8), Tensor.RandInt(0, 10, [count]), Enumerable.Range(0, 10).Select(i => $"c{i}").ToArray());
    }

    private static LoopOptions Options(double target, FilterMatch match = FilterMatch.Filters) => new()
    {
        TargetMacReduction = target, Match = match, MinimumBlocksPerStage = 1, CkaImages = 40,
        FineTuning = new TrainingOptions { Epochs = 1, BatchSize = 16, LearningRate = 0.01, Momentum = 0.9, Nesterov = true },
    };

    [Fact]
    public void EachIterationKeepsTheCandidateMoreSimilarToItsParentUntilTheTarget()
    {
        LibTorch.ManualSeed(2);
        using var net = ResNetCifar.Create(20, 1, 8);
        using var train = Data(1, 48);
        using var held = Data(2, 40);
        var parents = new List<double>();
        var loop = new LayerVsFilterLoop(Options(0.3));
        var (pruned, log) = loop.Run(net, train, held, null);
        using (pruned)
        {
            Assert.NotEmpty(log);
            Assert.All(log, i => Assert.Equal(i.LayerCka >= i.FilterCka ? "layer" : "filter", i.Winner));
            Assert.True(log[^1].MacReduction >= 0.3);
            Assert.True(log.Take(log.Count - 1).All(i => i.MacReduction < 0.3), "the loop stops as soon as the target is met");
            var original = ModelStats.Count(net, net.InputShape).TotalMacs;
            Assert.Equal(log[^1].Macs, ModelStats.Count(pruned, pruned.InputShape).TotalMacs);
            Assert.Equal(1 - (double)log[^1].Macs / original, log[^1].MacReduction, 12);
            Assert.Equal(3, net.Blocks().Count(b => b.Name.StartsWith("layer1", StringComparison.Ordinal))); // the original is untouched
        }
    }

    [Fact]
    public void MacMatchingMakesTheFilterCandidateSaveAtLeastTheLayerCandidatesMacs()
    {
        LibTorch.ManualSeed(3);
        using var net = ResNetCifar.Create(20, 1, 8);
        using var train = Data(3, 32);
        using var held = Data(4, 40);
        var (pruned, log) = new LayerVsFilterLoop(Options(0.05, FilterMatch.Macs) with { FineTuning = new TrainingOptions { Epochs = 0 } }).Run(net, train, held, null);
        using (pruned)
        {
            var first = log[0];
            using var layer = BlockRemoval.Remove(net, first.RemovedBlock, 1);
            using var filter = ResidualFilterPruning.RemoveFilters(net, first.FiltersRemoved);
            var macs = ModelStats.Count(net, net.InputShape).TotalMacs;
            Assert.True(macs - ModelStats.Count(filter, net.InputShape).TotalMacs >= macs - ModelStats.Count(layer, net.InputShape).TotalMacs);
        }
    }

    [Fact]
    public void ARerunResumesAfterTheLastCompletedIteration()
    {
        LibTorch.ManualSeed(5);
        using var net = ResNetCifar.Create(20, 1, 8);
        using var train = Data(5, 32);
        using var held = Data(6, 40);
        using var folder = new TempFolder();
        var options = Options(0.15) with { FineTuning = new TrainingOptions { Epochs = 0 } };
        var (first, firstLog) = new LayerVsFilterLoop(options).Run(net, train, held, null, folder.Path);
        first.Dispose();
        var (second, secondLog) = new LayerVsFilterLoop(options with { TargetMacReduction = 0.35 }).Run(net, train, held, null, folder.Path);
        using (second)
        {
            Assert.True(secondLog.Count > firstLog.Count);
            Assert.Equal(firstLog, secondLog.Take(firstLog.Count)); // earlier iterations are not replayed
            Assert.True(File.Exists(Path.Combine(folder.Path, LayerVsFilterLoop.LogFile)));
        }
    }

    /// <summary>A loop run to 10% fewer MACs in a folder of its own, without fine-tuning: the state the resume tests rerun onto.</summary>
    private sealed class FinishedLoop : IDisposable
    {
        public FinishedLoop(int seed)
        {
            LibTorch.ManualSeed((ulong)seed);
            Net = ResNetCifar.Create(20, 1, 8);
            Train = Data(seed, 32);
            Held = Data(seed + 1, 40);
            var (network, log) = new LayerVsFilterLoop(RunOptions).Run(Net, Train, Held, null, Folder.Path);
            network.Dispose();
            Iterations = log;
        }

        public LoopOptions RunOptions { get; } = Options(0.1) with { FineTuning = new TrainingOptions { Epochs = 0 } };
        public ResNetCifar Net { get; }
        public Dataset Train { get; }
        public Dataset Held { get; }
        public TempFolder Folder { get; } = new();
        public IReadOnlyList<LoopIteration> Iterations { get; }
        public string LogText => File.ReadAllText(System.IO.Path.Combine(Folder.Path, LayerVsFilterLoop.LogFile));

        public void Dispose()
        {
            Net.Dispose();
            Train.Dispose();
            Held.Dispose();
            Folder.Dispose();
        }
    }

    [Fact]
    public void AFolderStartedWithOtherSettingsOrAnotherNetworkIsRefusedAndLeftAsItWas()
    {
        using var run = new FinishedLoop(9);
        var log = run.LogText;

        var other = Assert.Throws<InvalidOperationException>(() => new LayerVsFilterLoop(run.RunOptions with { Match = FilterMatch.Macs }).Run(run.Net, run.Train, run.Held, null, run.Folder.Path));
        Assert.Contains("Match Filters there, Macs now", other.Message);
        using var retrained = NetworkCopy.Clone(run.Net);
        using (DisposeScope.Enter()) { var bias = retrained.StateDict()["linear.bias"]; bias.SetData(bias + 0.5); }
        var changed = Assert.Throws<InvalidOperationException>(() => new LayerVsFilterLoop(run.RunOptions).Run(retrained, run.Train, run.Held, null, run.Folder.Path));
        Assert.Contains("WeightsSha256", changed.Message);
        Assert.Equal(log, run.LogText);
    }

    [Fact]
    public void AFolderStartedOnOtherImagesOfTheSameSizeIsRefusedNamingTheData()
    {
        using var run = new FinishedLoop(11);
        var log = run.LogText;
        using var otherHeld = Data(20, 40);

        var refused = Assert.Throws<InvalidOperationException>(() => new LayerVsFilterLoop(run.RunOptions).Run(run.Net, run.Train, otherHeld, null, run.Folder.Path));
        Assert.Contains("DataSha256", refused.Message);
        Assert.DoesNotContain("HeldOutImages", refused.Message); // the sizes agree: only the hash tells the images apart
        Assert.Equal(log, run.LogText);
    }

    [Fact]
    public void AFolderFromBeforeTheDataHashResumesWithANote()
    {
        using var run = new FinishedLoop(14);
        var settingsPath = Path.Combine(run.Folder.Path, LoopSettings.FileName);
        var settings = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(settingsPath))!.AsObject();
        Assert.True(settings.Remove("DataSha256"));
        File.WriteAllText(settingsPath, settings.ToJsonString());

        var notes = new List<string>();
        var (second, secondLog) = new LayerVsFilterLoop(run.RunOptions with { TargetMacReduction = 0.3 }) { Status = notes.Add }.Run(run.Net, run.Train, run.Held, null, run.Folder.Path);
        using (second)
        {
            Assert.Contains(notes, n => n.StartsWith("note:", StringComparison.Ordinal) && n.Contains("records no hash of its images", StringComparison.Ordinal));
            Assert.Equal(run.Iterations, secondLog.Take(run.Iterations.Count));
            Assert.True(secondLog.Count > run.Iterations.Count);
        }
    }

    [Fact]
    public void BlockScoresAreOneMinusCkaOfTheChild()
    {
        LibTorch.ManualSeed(6);
        using var net = ResNetCifar.Create(20, 1, 8);
        using var held = Data(7, 40);
        var scores = BlockScores.ByCka(net, held, null, minimumPerStage: 1, limit: 40);
        Assert.Equal(BlockRemoval.Removable(net, 1).Count, scores.Count);
        var name = scores.Keys.First();
        using var child = BlockRemoval.Remove(net, name, 1);
        using var a = FeatureCapture.Penultimate(net, held, null, 40, 100);
        using var b = FeatureCapture.Penultimate(child, held, null, 40, 100);
        Assert.Equal(1 - LinearCka.Compute(a, b), scores[name], 9);
        Assert.All(scores.Values, s => Assert.InRange(s, -1e-9, 1 + 1e-9));
        Assert.Equal(BlockRemoval.Removable(net, 2).Count, BlockScores.ByL1(net).Count);
    }
}

public class LoopBaselineTests
{
    [Theory]
    [InlineData(LoopCandidates.LayersOnly, "layer")]
    [InlineData(LoopCandidates.FiltersOnly, "filter")]
    public void SingleKindRunsAlwaysKeepThatKind(LoopCandidates only, string winner)
    {
        LibTorch.ManualSeed(8);
        using var net = ResNetCifar.Create(20, 1, 8);
        using var data = new Dataset(Tensor.Rand(40, 1, 8, 8), Tensor.RandInt(0, 10, [40]), Enumerable.Range(0, 10).Select(i => $"c{i}").ToArray());
        var options = new LoopOptions { TargetMacReduction = 0.2, MinimumBlocksPerStage = 1, CkaImages = 40, Candidates = only, FineTuning = new TrainingOptions { Epochs = 0 } };
        using var folder = new TempFolder();
        var (pruned, log) = new LayerVsFilterLoop(options).Run(net, data, data, null, folder.Path);
        using (pruned)
        {
            Assert.NotEmpty(log);
            Assert.All(log, i => Assert.Equal(winner, i.Winner));
            // The log with its NaN survives a resume.
            var (again, resumed) = new LayerVsFilterLoop(options).Run(net, data, data, null, folder.Path);
            again.Dispose();
            Assert.Equal(log.Count, resumed.Count);
            Assert.True(log[^1].MacReduction >= 0.2);
            Assert.All(log, i => Assert.True(double.IsNaN(only == LoopCandidates.LayersOnly ? i.FilterCka : i.LayerCka)));
        }
    }
}
