using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.Cli.Sweep;
using Workbench.Tests.EndToEnd;

namespace Workbench.Tests.Sweep;

/// <summary>What the sweep tests share: running sweep, waiting on a plan, and comparing the checkpoints two sweeps made.</summary>
internal static class SweepChecks
{
    public static readonly string Smoke = ShippedNotebooks.RepoFile("docs/experiments/plans/smoke.toml");

    /// <summary>A run that fails at once (its checkpoint does not exist) and a run that needs its output.</summary>
    public const string FailingRuns = """
        [runs.bad]
        verb = "prune"
        args = ["no-such-checkpoint.safetensors"]
        out = "bad.safetensors"

        [runs.needs-bad]
        verb = "prune"
        args = ["{bad}"]
        out = "needs-bad.safetensors"

        """;

    public static (int ExitCode, string Stdout, string Stderr) RunSweep(params string[] arguments) =>
        CliProcess.Run(TimeSpan.FromMinutes(10), ["sweep", .. arguments]);

    /// <summary>Waits until <paramref name="until"/> holds for the plan's statuses (as `sweep status` reads them), and returns them.</summary>
    public static List<RunStatus> WaitFor(string plan, string root, Func<List<RunStatus>, bool> until, TimeSpan timeout)
    {
        var read = PlanReader.Read(plan, root);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var statuses = PlanStatus.Of(read);
            if (until(statuses)) return statuses;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"{plan} under {root} did not get there in {timeout.TotalSeconds} s:\n" +
                            string.Join('\n', statuses.Select(s => $"{s.Run.Name} {s.State} {s.Detail}")));
            Thread.Sleep(1000);
        }
    }

    public static bool AllDone(List<RunStatus> statuses) => statuses.All(s => s.State == RunState.Done);

    /// <summary>
    /// The same tensors, bit for bit, and the same metadata but for what a clock wrote: each epoch's seconds in a
    /// training history, and the hash of an input checkpoint (which holds its own history's seconds).
    /// </summary>
    public static void SameCheckpoint(string expected, string actual)
    {
        var (headerA, dataA) = Split(expected);
        var (headerB, dataB) = Split(actual);
        Assert.True(dataA.SequenceEqual(dataB), $"the tensors of {actual} differ from those of {expected}");
        var metaA = headerA["__metadata__"]!.AsObject();
        var metaB = headerB["__metadata__"]!.AsObject();
        headerA.Remove("__metadata__");
        headerB.Remove("__metadata__");
        Assert.Equal(headerA.ToJsonString(), headerB.ToJsonString());
        Assert.Equal(metaA.Select(kv => kv.Key).Order(), metaB.Select(kv => kv.Key).Order());
        foreach (var (key, value) in metaA)
            Assert.Equal(WithoutClock(value!.GetValue<string>()), WithoutClock(metaB[key]!.GetValue<string>()));
    }

    private static string WithoutClock(string text)
    {
        if (!text.StartsWith('[') && !text.StartsWith('{')) return text;
        var node = JsonNode.Parse(text)!;
        void Strip(JsonNode? n)
        {
            if (n is JsonObject o)
            {
                o.Remove("Seconds");
                o.Remove("checkpoint-sha256");
                o.Remove("init-sha256");
                foreach (var (_, child) in o.ToList()) Strip(child);
            }
            else if (n is JsonArray a) foreach (var child in a) Strip(child);
        }
        Strip(node);
        return node.ToJsonString();
    }

    private static (JsonObject Header, byte[] Data) Split(string file)
    {
        var bytes = File.ReadAllBytes(file);
        var length = (int)BitConverter.ToUInt64(bytes, 0);
        var header = JsonNode.Parse(bytes.AsSpan(8, length))!.AsObject();
        return (header, bytes[(8 + length)..]);
    }

    public static JsonElement Json(string file) => JsonDocument.Parse(File.ReadAllText(file)).RootElement;
}
