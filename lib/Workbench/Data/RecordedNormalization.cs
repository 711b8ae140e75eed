using System.Globalization;
using System.Text.Json;

namespace Workbench.Data;

/// <summary>
/// Reads the normalisation a trainer records in a checkpoint (<c>{"Mean":[...],"Std":[...]}</c>). The text
/// comes from a file anyone can edit, so every way it can be wrong (not JSON, a key missing, a value that
/// is no finite number, counts that differ, a std not positive) is one message naming the key and the file.
/// </summary>
public static class RecordedNormalization
{
    /// <param name="json">The recorded text.</param>
    /// <param name="key">The metadata key the text came from, for the message.</param>
    /// <param name="source">The file it came from, for the message.</param>
    /// <exception cref="InvalidDataException">The text is not a usable normalisation.</exception>
    public static Normalization Parse(string json, string key, string source)
    {
        InvalidDataException Invalid(string problem) => new($"'{source}' has unusable '{key}' metadata: {problem}");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw Invalid($"it is not JSON ({e.Message})");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Invalid($"it is a JSON {root.ValueKind}, not an object with \"Mean\" and \"Std\"");
            float[] Read(string name)
            {
                if (!root.TryGetProperty(name, out var list)) throw Invalid($"it has no \"{name}\"");
                if (list.ValueKind != JsonValueKind.Array) throw Invalid($"\"{name}\" is a JSON {list.ValueKind}, not a list of numbers");
                return list.EnumerateArray().Select((e, i) =>
                    e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out var v) && Math.Abs(v) <= float.MaxValue
                        ? (float)v
                        : throw Invalid($"\"{name}\"[{i}] is {e.GetRawText()}, not a finite number")).ToArray();
            }
            var (mean, std) = (Read("Mean"), Read("Std"));
            if (mean.Length == 0 || mean.Length != std.Length)
                throw Invalid($"it lists {mean.Length} means and {std.Length} stds; it needs one of each per channel");
            var bad = Array.FindIndex(std, s => !(s > 0));
            if (bad >= 0) throw Invalid($"\"Std\"[{bad}] is {std[bad].ToString(CultureInfo.InvariantCulture)}; every std must be positive");
            return new Normalization(mean, std);
        }
    }
}
