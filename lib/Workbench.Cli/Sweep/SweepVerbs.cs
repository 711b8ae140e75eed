using System.Globalization;
using System.Text.Json;

namespace Workbench.Cli.Sweep;

/// <summary>
/// A verb a plan can run: one that resumes from its last finished step and refuses other settings, so a sweep can
/// rerun it after any interruption. Each says which file exists only once the run has finished, and the one
/// figure that tells its result at a glance.
/// </summary>
internal sealed record SweepVerb(string Name, Func<string, string> DoneFile, Func<JsonElement, string> KeyFigure)
{
    public bool IsDone(string output)
    {
        var file = DoneFile(output);
        if (!File.Exists(file)) return false;
        // train writes its metrics after every epoch; they are final once they carry the test result.
        return Name != "train" || Read(file) is { } json && json.TryGetProperty("test", out var test) && test.ValueKind == JsonValueKind.Object;
    }

    /// <summary>The key figure of a finished run, or why there is none.</summary>
    public string Figure(string output)
    {
        var file = DoneFile(output);
        if (!file.EndsWith(".json", StringComparison.Ordinal)) file = Path.ChangeExtension(file, ".json");
        try
        {
            return Read(file) is { } json ? KeyFigure(json) : "";
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException)
        {
            return $"({Path.GetFileName(file)} has no key figure)";
        }
    }

    private static JsonElement? Read(string file)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            return document.RootElement.Clone();
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            return null;
        }
    }
}

internal static class SweepVerbs
{
    public static readonly IReadOnlyList<SweepVerb> All =
    [
        new("train", o => Path.ChangeExtension(o, ".metrics.json"), j => $"test accuracy {Percent(j.GetProperty("test").GetProperty("Accuracy"))}"),
        new("prune", o => Path.ChangeExtension(o, ".report.json"), j =>
        {
            var report = j.GetProperty("report");
            double before = report.GetProperty("mcrBefore").GetDouble(), after = report.GetProperty("mcrAfter").GetDouble();
            return string.Create(CultureInfo.InvariantCulture, $"conv sparsity {Percent(report.GetProperty("convSparsity"))}, test MCR {after:F2} % ({after - before:+0.00;-0.00} points)");
        }),
        new("prune-loop", o => Path.ChangeExtension(o, ".loop.json"), j =>
        {
            var iterations = j.GetProperty("iterations");
            var reduction = iterations.GetArrayLength() == 0 ? "no iterations" : $"{Percent(iterations[iterations.GetArrayLength() - 1].GetProperty("MacReduction"))} fewer MACs";
            return $"{reduction}, test accuracy {Percent(j.GetProperty("test").GetProperty("Accuracy"))}";
        }),
        new("sensitivity", o => o, j => $"{j.GetArrayLength()} points"),
    ];

    public static SweepVerb? Find(string name) => All.FirstOrDefault(v => v.Name == name);

    private static string Percent(JsonElement fraction) => (fraction.GetDouble() * 100).ToString("F2", CultureInfo.InvariantCulture) + " %";
}
