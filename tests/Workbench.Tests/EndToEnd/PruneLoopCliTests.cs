using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.Checkpoints;
using Workbench.Cli;
using Workbench.Nn;
using Workbench.Nn.Models;
using Workbench.Torch;

namespace Workbench.Tests.EndToEnd;

/// <summary><c>prune-loop</c> end to end: its checkpoint, its log and what the checkpoint records agree with each other.</summary>
public sealed class PruneLoopCliTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void TheLoopWritesAPrunedNetworkItsLogAndTheImagesItHeldOut()
    {
        LibTorch.ManualSeed(21);
        long originalMacs;
        using (var net = ResNetCifar.Create(20, 1, 28))
        {
            originalMacs = ModelStats.Count(net, net.InputShape).TotalMacs;
            ModelCheckpoint.Save(folder["resnet.safetensors"], net);
        }
        var (exit, stdout, stderr) = CliProcess.Run(TimeSpan.FromMinutes(5), "prune-loop", folder["resnet.safetensors"], "--target-mac-reduction", "0.1",
            "--finetune-epochs", "1", "--finetune-limit", "128", "--min-blocks", "1", "--cka-images", "60", "--validation", "200", "--seed", "4",
            "--out", folder["pruned.safetensors"]);
        Assert.True(exit == 0, $"{stdout}\n{stderr}");
        Assert.StartsWith("machine: ", stdout);

        var log = JsonNode.Parse(File.ReadAllText(folder["pruned.loop.json"]))!;
        var iterations = log["iterations"]!.AsArray();
        Assert.NotEmpty(iterations);
        Assert.Equal(iterations.Count + 1, File.ReadAllLines(folder["pruned.loop.csv"]).Length);
        Assert.False(string.IsNullOrEmpty((string?)log["machine"]));

        using var pruned = ModelCheckpoint.Load(folder["pruned.safetensors"], Device.Cpu);
        var macs = ModelStats.Count(pruned.Model, pruned.Network.InputShape).TotalMacs;
        Assert.Equal((long)iterations[^1]!["Macs"]!, macs);
        Assert.True(1 - (double)macs / originalMacs >= 0.1, "the loop stops only once the target is met");
        // The checkpoint it started from records no split, so --seed carved the 200 held-out images, and the output says so.
        var heldOut = JsonSerializer.Deserialize<Dictionary<string, string>>(pruned.Metadata[HeldOutSplit.MetadataKey])!;
        Assert.Equal(new Dictionary<string, string> { ["dataset"] = "fashion-mnist", ["validation"] = "200", ["seed"] = "4" }, heldOut);
    }

    [Fact]
    public void TheAuthorsProcedureRunsFromTheCommandLineAndARerunWithAnotherCriterionIsRefusedByName()
    {
        LibTorch.ManualSeed(22);
        using (var net = ResNetCifar.Create(20, 1, 28)) ModelCheckpoint.Save(folder["resnet.safetensors"], net);
        string[] common = ["prune-loop", folder["resnet.safetensors"], "--target-mac-reduction", "0.1", "--finetune-epochs", "0", "--finetune-limit", "64",
            "--min-blocks", "1", "--cka-images", "30", "--validation", "100", "--seed", "4", "--out", folder["pruned.safetensors"]];
        var (exit, stdout, stderr) = CliProcess.Run(TimeSpan.FromMinutes(8), [.. common, "--criterion", "kl", "--kl-images-per-class", "1",
            "--train-epochs", "2", "--train-schedule", "step", "--train-augmentation", "off"]);
        Assert.True(exit == 0, $"{stdout}\n{stderr}");

        var iterations = JsonNode.Parse(File.ReadAllText(folder["pruned.loop.json"]))!["iterations"]!.AsArray().Count;
        // Both epochs of every iteration, the second at a tenth of the rate (step at 1 and 2 of 2 epochs: 100/190 and 150/190, rounded).
        Assert.Equal(iterations, stdout.Split('\n').Count(l => l.Contains("training epoch 1/2: lr 0.01,", StringComparison.Ordinal)));
        Assert.Equal(iterations, stdout.Split('\n').Count(l => l.Contains("training epoch 2/2: lr 0.001,", StringComparison.Ordinal)));
        var settings = JsonNode.Parse(File.ReadAllText(Path.Combine(folder["pruned.safetensors.loop"], "settings.json")))!;
        Assert.Equal("KL on 1 held-out images per class", (string?)settings["FilterCriterion"]);
        Assert.Equal("2 epochs, multistep 0.01 x0.1 at 1,2, batch 128, momentum 0.9 Nesterov, weight decay 0.0001, augmentation none, seed 4", (string?)settings["ChosenTraining"]);

        var (again, _, refusal) = CliProcess.Run(TimeSpan.FromMinutes(5), [.. common, "--train-epochs", "2", "--train-schedule", "step", "--train-augmentation", "off"]);
        Assert.NotEqual(0, again);
        Assert.Contains("FilterCriterion KL on 1 held-out images per class there, L1 now", refusal);
        Assert.DoesNotContain("   at ", refusal);
    }
}
