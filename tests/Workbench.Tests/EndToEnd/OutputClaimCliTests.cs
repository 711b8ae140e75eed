using Workbench.Checkpoints;
using Workbench.Nn.Models;

namespace Workbench.Tests.EndToEnd;

/// <summary>
/// Two runs given one output: the second is refused, naming the output and the running one's pid, before it
/// does any work. Before, two `train` runs started together both printed "wrote" and one result was lost.
/// </summary>
public sealed class OutputClaimCliTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Theory]
    [InlineData("train --model convnet --width 0.125 --limit 64 --validation 32 --epochs 1 --out {out}")]
    [InlineData("prune {net} --ratio 0.3 --select l1 --retrain-epochs 0 --validation 32 --out {out}")]
    [InlineData("sensitivity {net} --ratios 0.5 --validation 32 --out {out}")]
    [InlineData("prune-loop {resnet} --finetune-epochs 0 --validation 32 --cka-images 8 --out {out}")]
    public void AVerbRefusesAnOutputAnotherRunHolds(string command)
    {
        var output = folder.File("result/out.safetensors");
        var net = folder.File("convnet.safetensors");
        var resnet = folder.File("resnet.safetensors");
        using (var model = ConvNet.Create(1, 28, width: 0.125)) ModelCheckpoint.Save(net, model);
        using (var model = ResNetCifar.Create(20, 1, 28)) ModelCheckpoint.Save(resnet, model);
        var args = command.Replace("{out}", output).Replace("{net}", net).Replace("{resnet}", resnet).Split(' ');

        using (OutputLock.Take(output))
        {
            var (exit, stdout, stderr) = CliProcess.Run(TimeSpan.FromMinutes(2), args);
            Assert.True(exit == 1, $"exit {exit}\n{stdout}\n{stderr}");
            Assert.Contains($"--out '{output}' is being written by another run (pid {Environment.ProcessId})", stderr);
            Assert.DoesNotContain("\n   at ", stderr);
        }
        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(folder.File("result")));
    }

    /// <summary>The case: two trainings started together with one --out. Exactly one writes it.</summary>
    [Fact]
    public async Task OfTwoTrainingsStartedTogetherOneIsRefused()
    {
        var output = folder.File("twice.safetensors");
        string[] args = ["train", "--model", "convnet", "--width", "0.125", "--limit", "1000", "--validation", "32", "--epochs", "2", "--out", output];
        var runs = new[] { Task.Run(() => CliProcess.Run(TimeSpan.FromMinutes(4), args)), Task.Run(() => CliProcess.Run(TimeSpan.FromMinutes(4), args)) };
        var results = await Task.WhenAll(runs);
        var summary = string.Join("\n---\n", results.Select(r => $"exit {r.ExitCode}\n{r.Stdout}\n{r.Stderr}"));
        Assert.Single(results, r => r.ExitCode == 0);
        var refused = Assert.Single(results, r => r.ExitCode == 1);
        Assert.Contains($"--out '{output}' is being written by another run (pid ", refused.Stderr);
        Assert.DoesNotContain("wrote", refused.Stdout);
        Assert.True(File.Exists(output), summary);
        Assert.False(File.Exists(OutputLock.PathOf(output)));
    }
}
