using System.Text.Json.Nodes;
using Workbench.Checkpoints;
using Workbench.Nn.Models;
using Workbench.Torch;

namespace Workbench.Tests.EndToEnd;

/// <summary>
/// A long run names the machine it ran on, at the start of each sitting and in its results: the same seed and code round
/// differently on another CPU or thread count, so two runs' figures can only be compared knowing both.
/// </summary>
public sealed class RunMachineRecordTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    /// <summary>The CPU model as /proc/cpuinfo names it, read here independently of the CLI.</summary>
    private static string CpuModel() =>
        File.ReadLines("/proc/cpuinfo").First(l => l.StartsWith("model name", StringComparison.Ordinal)).Split(':', 2)[1].Trim();

    /// <summary>The machine line of the output, checked against this process's own view of the machine and the thread count it was given.</summary>
    private static string AnnouncedMachine(string stdout, int threads)
    {
        var line = stdout.Split('\n').First(l => l.Length > 0);
        Assert.StartsWith("machine: ", line);
        var machine = line["machine: ".Length..].TrimEnd('\r');
        Assert.StartsWith(CpuModel() + ",", machine);
        Assert.Contains($"{Environment.ProcessorCount} cores", machine);
        Assert.Contains($"{threads} libtorch threads", machine);
        Assert.Contains($"libtorch {LibTorch.Version}", machine);
        return machine;
    }

    [Fact]
    public void PruneAndTrainPrintTheirMachineFirstAndRecordItInTheirResults()
    {
        var oneThread = new Dictionary<string, string> { ["OMP_NUM_THREADS"] = "1" };
        var (trainExit, trainOut, trainErr) = CliProcess.Run(Timeout, oneThread, "train", "--model", "convnet", "--width", "0.125", "--limit", "256",
            "--validation", "200", "--batch", "64", "--epochs", "1", "--out", folder["base.safetensors"]);
        Assert.True(trainExit == 0, $"{trainOut}\n{trainErr}");
        var trained = AnnouncedMachine(trainOut, 1);
        Assert.Equal(trained, (string?)JsonNode.Parse(File.ReadAllText(folder["base.metrics.json"]))!["machine"]);

        var twoThreads = new Dictionary<string, string> { ["OMP_NUM_THREADS"] = "2" };
        var (pruneExit, pruneOut, pruneErr) = CliProcess.Run(Timeout, twoThreads, "prune", folder["base.safetensors"], "--granularity", "feature-map", "--ratio", "0.5",
            "--select", "l1", "--retrain-epochs", "0", "--validation", "200", "--out", folder["pruned.safetensors"]);
        Assert.True(pruneExit == 0, $"{pruneOut}\n{pruneErr}");
        var pruned = AnnouncedMachine(pruneOut, 2);
        Assert.Equal(pruned, (string?)JsonNode.Parse(File.ReadAllText(folder["pruned.report.json"]))!["machine"]);
        Assert.NotEqual(trained, pruned); // the record follows the process, not a constant
    }
}
