using System.Text.Json;
using Workbench.Checkpoints;
using Workbench.Pruning;

namespace Workbench.Cli;

/// <summary>
/// <c>NAME.run.json</c> beside a sensitivity CSV: the settings and every point measured so far, written
/// after each point. A rerun with the same settings measures only what is missing (nothing, once done);
/// one with other settings is refused.
/// </summary>
internal static class SensitivityRecord
{
    private sealed record Content(IReadOnlyDictionary<string, string> Settings, IReadOnlyList<SensitivityPoint> Points);

    public static IReadOnlyList<SensitivityPoint> Open(string path, RunSettings settings)
    {
        if (!File.Exists(path)) return [];
        Content? content;
        try
        {
            content = JsonSerializer.Deserialize<Content>(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not a sensitivity run record: {e.Message}", e);
        }
        if (content?.Settings is null || content.Points is null) throw new InvalidDataException($"'{path}' is not a sensitivity run record: it lacks its settings or points");
        settings.Require(new RunSettings(content.Settings), path, "rerun with those settings, or choose another --out");
        return content.Points;
    }

    public static void Save(string path, RunSettings settings, IReadOnlyList<SensitivityPoint> points) =>
        ResultFiles.WriteText(path, JsonSerializer.Serialize(new Content(settings.Values, points), new JsonSerializerOptions { WriteIndented = true }));
}
