using System.Text.Json;
using Workbench.Checkpoints;
using Workbench.Cli;
using Workbench.Data;
using Workbench.Nn.Models;
using Workbench.Torch;

namespace Workbench.Tests.EndToEnd;

/// <summary>Masks are chosen on images the baseline never trained on, whatever --seed a pruning run uses.</summary>
public sealed class HeldOutSplitTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private static Dictionary<string, string> TrainedOn(string dataset, int validation, int seed) => new()
    {
        ["workbench.settings"] = JsonSerializer.Serialize(new Dictionary<string, string> { ["dataset"] = dataset, ["validation"] = $"{validation}", ["seed"] = $"{seed}", ["epochs"] = "20" }),
    };

    [Fact]
    public void TheBaselinesSplitSeedCarvesValidationImagesFromItsHeldOutOnes()
    {
        var seed = HeldOutSplit.Seed(TrainedOn("fashion-mnist", 5000, 0), "base", "fashion-mnist", validation: 1000, seed: 2);
        Assert.Equal(0, seed);
        // What the rule relies on: the first N of a seed's permutation lie inside its first M ≥ N.
        var heldOut = ValidationSplit.Indices(60_000, 5000, 0).Validation.ToHashSet();
        Assert.All(ValidationSplit.Indices(60_000, 1000, seed).Validation, i => Assert.Contains(i, heldOut));
        // Carving with the run's own seed instead would have put mostly trained-on images there.
        Assert.True(ValidationSplit.Indices(60_000, 1000, 2).Validation.Count(heldOut.Contains) < 200);
    }

    [Fact]
    public void ANetworkTrainedOnFromAnotherRecordsTheSplitSeedItWasJudgedWith()
    {
        var trainedOn = TrainedOn("fashion-mnist", 5000, 3);
        var settings = JsonSerializer.Deserialize<Dictionary<string, string>>(trainedOn["workbench.settings"])!;
        settings["split-seed"] = "0"; // train --init --seed 3 on a checkpoint that held out seed 0's images
        trainedOn["workbench.settings"] = JsonSerializer.Serialize(settings);
        Assert.Equal(0, HeldOutSplit.Seed(trainedOn, "base", "fashion-mnist", validation: 1000, seed: 5));
    }

    [Fact]
    public void WithoutARecordOfItsSplitTheRunsSeedCarvesThemAsBefore()
    {
        Assert.Equal(3, HeldOutSplit.Seed(new Dictionary<string, string>(), "base", "fashion-mnist", 1000, 3));
        Assert.Equal(3, HeldOutSplit.Seed(TrainedOn("mnist", 5000, 0), "base", "fashion-mnist", 1000, 3));
        Assert.Equal(3, HeldOutSplit.Seed(TrainedOn("fashion-mnist", 0, 0), "base", "fashion-mnist", 1000, 3));
    }

    [Fact]
    public void TheSplitSeedJoinsARunsSettingsOnlyWhereItDiffersFromItsSeed()
    {
        var settings = new RunSettings(new Dictionary<string, string> { ["seed"] = "0", ["trials"] = "50" });
        Assert.Same(settings, HeldOutSplit.Recorded(settings, splitSeed: 0, seed: 0)); // a run made before the split seed still matches
        var other = HeldOutSplit.Recorded(settings, splitSeed: 0, seed: 2);
        Assert.Equal("0", other.Values["split-seed"]);
        Assert.Equal(settings.Values.Count + 1, other.Values.Count);
    }

    [Fact]
    public void PruneWithAnotherSeedRecordsTheBaselinesSplitSeedAndSaysWhenItHasNone()
    {
        LibTorch.ManualSeed(9);
        using (var net = ConvNet.Create(1, 28, width: 0.125))
        {
            ModelCheckpoint.Save(folder["recorded.safetensors"], net, extraMetadata: TrainedOn("fashion-mnist", 5000, 0));
            ModelCheckpoint.Save(folder["bare.safetensors"], net);
        }
        (Dictionary<string, string> Settings, string Stderr) Prune(string checkpoint, string output)
        {
            var (exit, stdout, stderr) = CliProcess.Run(TimeSpan.FromMinutes(3), "prune", folder[checkpoint], "--granularity", "feature-map", "--ratio", "0.5",
                "--select", "l1", "--retrain-epochs", "0", "--validation", "200", "--seed", "1", "--out", folder[output]);
            Assert.True(exit == 0, $"{stdout}\n{stderr}");
            var json = SafeTensors.ReadHeader(folder[output]).Metadata["workbench.prune.settings"];
            return (JsonSerializer.Deserialize<Dictionary<string, string>>(json)!, stderr);
        }
        var recorded = Prune("recorded.safetensors", "a.safetensors");
        Assert.Equal("0", recorded.Settings["split-seed"]);
        Assert.DoesNotContain("records no held-out split", recorded.Stderr);
        var bare = Prune("bare.safetensors", "b.safetensors");
        Assert.False(bare.Settings.ContainsKey("split-seed"));
        Assert.Contains("records no held-out split", bare.Stderr);

        // The pruned network records the images its run held out (its retraining used the rest), and pruning it again keeps to them.
        var heldOut = JsonSerializer.Deserialize<Dictionary<string, string>>(SafeTensors.ReadHeader(folder["a.safetensors"]).Metadata[HeldOutSplit.MetadataKey])!;
        Assert.Equal(new Dictionary<string, string> { ["dataset"] = "fashion-mnist", ["validation"] = "200", ["seed"] = "0" }, heldOut);
        var again = Prune("a.safetensors", "c.safetensors");
        Assert.Equal("0", again.Settings["split-seed"]);
        Assert.DoesNotContain("records no held-out split", again.Stderr);
    }

    [Fact]
    public void AMalformedHeldOutRecordIsAnErrorNamingTheCheckpointAndTheRecord()
    {
        var metadata = new Dictionary<string, string> { [HeldOutSplit.MetadataKey] = "[1, 2" };
        var e = Assert.Throws<InvalidDataException>(() => HeldOutSplit.Seed(metadata, "pruned.safetensors", "fashion-mnist", 1000, 0));
        Assert.Contains("'pruned.safetensors'", e.Message);
        Assert.Contains(HeldOutSplit.MetadataKey, e.Message);
    }
}
