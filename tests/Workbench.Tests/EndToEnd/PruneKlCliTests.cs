using System.Text.Json;
using Workbench.Checkpoints;
using Workbench.Nn.Models;
using Workbench.Torch;

namespace Workbench.Tests.EndToEnd;

/// <summary><c>prune --select kl</c>: the KL criterion chooses coarse feature-map masks from the command line.</summary>
public sealed class PruneKlCliTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void KlSelectionPrunesAndRecordsItsImagesWhileOtherSelectionsRecordNothingNew()
    {
        LibTorch.ManualSeed(12);
        using (var net = ConvNet.Create(1, 28, width: 0.125)) ModelCheckpoint.Save(folder["base.safetensors"], net);
        Dictionary<string, string> Prune(string select, string output)
        {
            var (exit, stdout, stderr) = CliProcess.Run(TimeSpan.FromMinutes(4), "prune", folder["base.safetensors"], "--granularity", "feature-map", "--ratio", "0.5",
                "--select", select, "--kl-images-per-class", "2", "--schedule", "oneshot", "--retrain-epochs", "0", "--validation", "100", "--seed", "1", "--out", folder[output]);
            Assert.True(exit == 0, $"{stdout}\n{stderr}");
            return JsonSerializer.Deserialize<Dictionary<string, string>>(SafeTensors.ReadHeader(folder[output]).Metadata["workbench.prune.settings"])!;
        }

        var kl = Prune("kl", "kl.safetensors");
        Assert.Equal("kl", kl["select"]);
        Assert.Equal("2", kl["kl-images-per-class"]);
        // Settings of every other selection keep the keys runs made before the option have, so those still resume.
        Assert.False(Prune("l1", "l1.safetensors").ContainsKey("kl-images-per-class"));
    }
}
