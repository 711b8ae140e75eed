using System.Text.Json;

namespace Workbench.Checkpoints;

/// <summary>
/// The settings that decide a long run's result, by name (the CLI's option names, without dashes),
/// stored with its checkpoint or resume state. A rerun resumes only when they agree, so a file made
/// with other settings is never passed off as this run's result.
/// </summary>
public sealed class RunSettings
{
    private readonly SortedDictionary<string, string> values;

    public RunSettings(IEnumerable<KeyValuePair<string, string>> values) =>
        this.values = new SortedDictionary<string, string>(values.ToDictionary(), StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Values => values;

    /// <summary>These settings with one more (or a changed) value.</summary>
    public RunSettings With(string name, string value) => new(values.Append(new(name, value)).GroupBy(kv => kv.Key).Select(g => g.Last()));

    /// <summary>A setting's value as stored: culture-invariant text, empty for an unset (null) option.</summary>
    public static string Text(object? value) => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";

    public string ToJson() => JsonSerializer.Serialize(values);

    /// <exception cref="InvalidDataException">The text is not a JSON object of strings; names <paramref name="source"/>.</exception>
    public static RunSettings FromJson(string json, string source)
    {
        try
        {
            return new RunSettings(JsonSerializer.Deserialize<Dictionary<string, string>>(json)
                ?? throw new InvalidDataException($"'{source}' records empty run settings"));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{source}' records unreadable run settings: {e.Message}", e);
        }
    }

    /// <summary>"lr 0.1 there, 0.05 now; seed 0 there, 1 now", or empty when they agree.</summary>
    public string DifferencesFrom(RunSettings stored)
    {
        var names = values.Keys.Union(stored.values.Keys).Order(StringComparer.Ordinal);
        return string.Join("; ", names
            .Select(n => (Name: n, There: stored.values.GetValueOrDefault(n), Now: values.GetValueOrDefault(n)))
            .Where(d => d.There != d.Now)
            .Select(d => $"{d.Name} {Short(d.There)} there, {Short(d.Now)} now"));
    }

    /// <summary>Throws, naming every difference, unless <paramref name="stored"/> (read from <paramref name="path"/>) equals these.</summary>
    /// <exception cref="InvalidOperationException">The stored run was made with other settings.</exception>
    public void Require(RunSettings stored, string path, string remedy)
    {
        var differences = DifferencesFrom(stored);
        if (differences.Length > 0)
            throw new InvalidOperationException($"'{path}' was made with other settings ({differences}); {remedy}");
    }

    // An architecture is a page of JSON; its start is enough to see that it differs.
    private static string Short(string? value) => value is null ? "(unset)" : value.Length <= 48 ? value : value[..45] + "...";
}
