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
}
