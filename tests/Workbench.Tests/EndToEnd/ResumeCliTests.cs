using System.Globalization;
using Workbench.Checkpoints;
using Workbench.Torch;

namespace Workbench.Tests.EndToEnd;

/// <summary>
/// The long verbs killed part-way, as a machine restart would, then rerun: each continues from its last
/// finished step and ends where an uninterrupted run ends; a rerun with other settings is refused with
/// the differences named and touches no file.
/// </summary>
[Collection(SerialCollection.Name)] // kill timing needs the CPU to itself
public sealed class ResumeCliTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private static readonly string[] TinyTraining = ["--model", "convnet", "--width", "0.125", "--limit", "384", "--validation", "300", "--batch", "64"];

    private string Train(string name, params string[] extra)
    {
        var (exit, stdout, stderr) = CliProcess.Run(Timeout, ["train", .. TinyTraining, "--epochs", "2", .. extra, "--out", folder[name]]);
        Assert.True(exit == 0, $"{stdout}\n{stderr}");
        return folder[name];
    }

    [Fact]
    public void TrainKilledMidRunResumesFromItsLastEpochWithItsMetricsOnDisk()
    {
        string[] args = ["train", .. TinyTraining, "--epochs", "4", "--out", folder["run.safetensors"]];
        var (exit0, straightOut, straightErr) = CliProcess.Run(Timeout, [.. args[..^1], folder["straight.safetensors"]]);
        Assert.True(exit0 == 0, $"{straightOut}\n{straightErr}");

        CliProcess.RunAndKill(Timeout, line => line.StartsWith("epoch 2/4", StringComparison.Ordinal), args);
        // The metrics are on disk every epoch, not only at the end.
        var rows = File.ReadAllLines(folder["run.metrics.csv"]);
        Assert.True(rows.Length >= 3, $"after two epochs the metrics CSV has {rows.Length - 1} rows");
        Assert.True(File.Exists(folder["run.resume.safetensors"]));

        var (exit, stdout, stderr) = CliProcess.Run(Timeout, args);
        Assert.True(exit == 0, $"{stdout}\n{stderr}");
        Assert.Matches(@"resuming from epoch [34]/4", stdout);
        Assert.DoesNotContain("epoch 1/4", stdout);
        Assert.Equal(5, File.ReadAllLines(folder["run.metrics.csv"]).Length);
        Assert.False(File.Exists(folder["run.resume.safetensors"]));
        AssertSameTensors(folder["straight.safetensors"], folder["run.safetensors"]);
    }

    [Fact]
    public void TrainRerunOntoAFinishedRunWithOtherSettingsIsRefusedAndChangesNothing()
    {
        var path = Train("base.safetensors");
        var before = Snapshot();
        foreach (var (option, value, named) in new[] { ("--lr", "0.05", "lr 0.1 there, 0.05 now"), ("--weight-decay", "0.001", "weight-decay 0.0001 there, 0.001 now"),
                     ("--schedule", "constant", "schedule cosine 0.1 to 0 over 2 there, constant 0.1 now") })
        {
            var (exit, stdout, stderr) = CliProcess.Run(Timeout, ["train", .. TinyTraining, "--epochs", "2", option, value, "--out", path]);
            Assert.True(exit == 1, $"{option} {value}: exit {exit}\n{stdout}\n{stderr}");
            Assert.Contains(named, stderr);
            Assert.DoesNotContain("   at ", stderr);
            Assert.Equal(before, Snapshot());
        }
        var (again, sameOut, _) = CliProcess.Run(Timeout, ["train", .. TinyTraining, "--epochs", "2", "--out", path]);
        Assert.Equal(0, again);
        Assert.Contains("already trained", sameOut);
    }

    [Fact]
    public void LayerwisePruneKilledAfterALayerResumesAtTheNextAndEndsAsAnUninterruptedRun()
    {
        var basePath = Train("base.safetensors");
        string[] Args(string output, string seed = "2") => ["prune", basePath, "--granularity", "combined", "--ratio", "0.3", "--kernel-ratio", "0.3", "--select", "least-adversarial",
            "--trials", "3", "--schedule", "layerwise", "--retrain-epochs", "1", "--retrain-limit", "256", "--validation", "200", "--seed", seed, "--out", folder[output]];
        var (exit0, o0, e0) = CliProcess.Run(Timeout, Args("straight.safetensors"));
        Assert.True(exit0 == 0, $"{o0}\n{e0}");

        // A layer's log lines come after its resume state is saved.
        CliProcess.RunAndKill(Timeout, line => line.Contains("features.3 ", StringComparison.Ordinal) && line.Contains("after retraining", StringComparison.Ordinal), Args("run.safetensors"));
        Assert.True(File.Exists(folder["run.resume.safetensors"]));
        var (exit, stdout, stderr) = CliProcess.Run(Timeout, Args("run.safetensors"));
        Assert.True(exit == 0, $"{stdout}\n{stderr}");
        Assert.Matches(@"resuming after layer [2-6]", stdout);
        Assert.DoesNotMatch(@"(?m)^\s+features\.0 (feature-map|kernel) ratio", stdout); // the first layer's steps are not redone
        Assert.False(File.Exists(folder["run.resume.safetensors"]));
        AssertSameTensors(folder["straight.safetensors"], folder["run.safetensors"]);
        Assert.Equal(StepsOf("straight.report.json"), StepsOf("run.report.json"));

        // The finished output is this run's: the same settings do nothing, others are refused.
        var before = Snapshot();
        var (doneExit, doneOut, _) = CliProcess.Run(Timeout, Args("run.safetensors"));
        Assert.Equal(0, doneExit);
        Assert.Contains("already done", doneOut);
        var (otherExit, _, otherErr) = CliProcess.Run(Timeout, Args("run.safetensors", seed: "5"));
        Assert.Equal(1, otherExit);
        Assert.Contains("seed 2 there, 5 now", otherErr);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public void AFinalFineTuneRetrainsThePrunedNetworkWithItsMasksAndIsPartOfTheSettings()
    {
        var basePath = Train("base.safetensors");
        string[] Args(string output, string final) => ["prune", basePath, "--granularity", "kernel", "--ratio", "0.5", "--select", "l1", "--schedule", "oneshot",
            "--retrain-epochs", "0", "--final-epochs", final, "--retrain-limit", "256", "--validation", "200", "--out", folder[output]];
        foreach (var (output, final) in new[] { ("plain.safetensors", "0"), ("tuned.safetensors", "1") })
        {
            var (exit, stdout, stderr) = CliProcess.Run(Timeout, Args(output, final));
            Assert.True(exit == 0, $"{stdout}\n{stderr}");
        }
        var report = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(folder["tuned.report.json"]))!;
        Assert.NotNull(report["validationMcrAfterFinalFineTune"]);
        Assert.Null(System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(folder["plain.report.json"]))!["validationMcrAfterFinalFineTune"]);

        using var plain = SafeTensors.Load(folder["plain.safetensors"]);
        using var tuned = SafeTensors.Load(folder["tuned.safetensors"]);
        var weight = "features.3.weight";
        var (p, t) = (plain.Tensors[weight].ToArray<float>(), tuned.Tensors[weight].ToArray<float>());
        var mask = tuned.Tensors["features.3.weight_mask"].ToArray<float>();
        Assert.False(p.SequenceEqual(t), "the final fine-tune changed no weight");
        // The removed kernels stay removed through the fine-tune: pruning zeroed them, and they get no gradient.
        var kernel = p.Length / mask.Length;
        Assert.Contains(0f, mask);
        for (int i = 0; i < t.Length; i++)
            if (mask[i / kernel] == 0) Assert.True(t[i] == 0 && p[i] == 0, $"removed weight {i} is {p[i]} before and {t[i]} after the fine-tune");

        var (otherExit, _, otherErr) = CliProcess.Run(Timeout, Args("tuned.safetensors", "2"));
        Assert.Equal(1, otherExit);
        Assert.Contains("final-epochs 1 there, 2 now", otherErr);
    }

    [Fact]
    public void SensitivityKilledPartWayMeasuresOnlyWhatIsMissing()
    {
        var basePath = Train("base.safetensors");
        string[] Args(string output, string ratios = "0.2,0.5,0.8") => ["sensitivity", basePath, "--granularity", "kernel", "--ratios", ratios, "--validation", "200", "--out", folder[output]];
        var (exit0, o0, e0) = CliProcess.Run(Timeout, Args("straight.csv"));
        Assert.True(exit0 == 0, $"{o0}\n{e0}");

        CliProcess.RunAndKill(Timeout, line => line.StartsWith("features.3", StringComparison.Ordinal), Args("run.csv"));
        var (exit, stdout, stderr) = CliProcess.Run(Timeout, Args("run.csv"));
        Assert.True(exit == 0, $"{stdout}\n{stderr}");
        var resumed = int.Parse(System.Text.RegularExpressions.Regex.Match(stdout, @"resuming: (\d+) points").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(resumed, 4, 17);
        Assert.Equal(18 - resumed, stdout.Split('\n').Count(l => l.Contains(" MCR ", StringComparison.Ordinal)));
        Assert.Equal(File.ReadAllText(folder["straight.csv"]), File.ReadAllText(folder["run.csv"]));

        var (otherExit, _, otherErr) = CliProcess.Run(Timeout, Args("run.csv", ratios: "0.5"));
        Assert.Equal(1, otherExit);
        Assert.Contains("ratios 0.2,0.5,0.8 there, 0.5 now", otherErr);
    }

    [Fact]
    public void AnOutputThatIsAnInputIsRefusedBeforeAnyWork()
    {
        var basePath = Train("base.safetensors");
        var before = Snapshot();
        string[][] cases =
        [
            ["sensitivity", basePath, "--ratios", "0.5", "--out", basePath],
            ["prune", basePath, "--ratio", "0.3", "--out", basePath],
            ["prune", basePath, "--ratio", "0.3", "--out", Path.ChangeExtension(basePath, ".metrics.json")],
        ];
        foreach (var args in cases)
        {
            var (exit, stdout, stderr) = CliProcess.Run(Timeout, args);
            Assert.True(exit == 1, $"{string.Join(' ', args)}: exit {exit}\n{stdout}\n{stderr}");
            Assert.Contains("--out", stderr);
            Assert.Equal(before, Snapshot());
        }
    }

    private string StepsOf(string report) =>
        System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(folder[report]))!["steps"]!.ToJsonString();

    private Dictionary<string, string> Snapshot() =>
        Directory.GetFiles(folder.Path).ToDictionary(f => Path.GetFileName(f), f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))));

    private static void AssertSameTensors(string expectedPath, string actualPath)
    {
        using var expected = SafeTensors.Load(expectedPath);
        using var actual = SafeTensors.Load(actualPath);
        Assert.Equal(expected.Tensors.Keys.Order(), actual.Tensors.Keys.Order());
        foreach (var (name, tensor) in expected.Tensors)
            Assert.True(tensor.ToArrayAny().SequenceEqual(actual.Tensors[name].ToArrayAny()), $"{name} differs between the uninterrupted and the resumed run");
    }
}
