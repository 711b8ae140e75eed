using System.Text;
using System.Text.Json.Nodes;

namespace Workbench.Notebooks.Ipynb;

/// <summary>
/// nbformat's multiline strings: written as a list of lines that keep their line endings, split where
/// Python's <c>str.splitlines(keepends=True)</c> splits (what Jupyter does), and read from a list or a string.
/// </summary>
public static class SourceLines
{
    public static IReadOnlyList<string> Split(string text)
    {
        var lines = new List<string>();
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (!IsBreak(text[i])) continue;
            if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
            lines.Add(text[start..(i + 1)]);
            start = i + 1;
        }
        if (start < text.Length) lines.Add(text[start..]);
        return lines;
    }

    public static string Join(IEnumerable<string> lines) => string.Concat(lines);

    /// <summary>The text of a multiline field: a string, or a list of strings joined; absent reads as empty.</summary>
    public static string Read(JsonNode? node) => node switch
    {
        null => "",
        JsonArray lines => Join(lines.Select(line => line?.GetValue<string>() ?? "")),
        _ => node.GetValue<string>(),
    };

    /// <summary>Whether <see cref="Read"/> can read the field: absent, a string, or a list of strings.</summary>
    public static bool IsMultiline(JsonNode? node) => node switch
    {
        null => true,
        JsonArray lines => lines.All(line => line is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String),
        JsonValue value => value.GetValueKind() == System.Text.Json.JsonValueKind.String,
        _ => false,
    };

    public static JsonArray ToJson(string text) => new(Split(text).Select(line => (JsonNode?)JsonValue.Create(line)).ToArray());

    // Python's line boundaries: \n \r \v \f \x1c \x1d \x1e \x85 \u2028 \u2029 (and \r\n as one).
    private static bool IsBreak(char c) => c is '\n' or '\r' or '\v' or '\f' or '\x1c' or '\x1d' or '\x1e' or '\x85' or '\u2028' or '\u2029';
}
