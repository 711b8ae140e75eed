using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Workbench.Notebooks.Ipynb;

/// <summary>
/// JSON exactly as Jupyter (nbformat) writes notebooks: keys sorted, one-space indent, non-ASCII kept,
/// only quotes, backslashes and control characters escaped, and a final newline. A notebook saved by
/// Jupyter therefore comes back byte for byte, and diffs stay small.
/// </summary>
internal static class JupyterJson
{
    public static string Write(JsonNode? root)
    {
        var text = new StringBuilder();
        Write(text, root, 0);
        return text.Append('\n').ToString();
    }

    private static void Write(StringBuilder text, JsonNode? node, int depth)
    {
        switch (node)
        {
            case null:
                text.Append("null");
                break;
            case JsonObject obj when obj.Count == 0:
                text.Append("{}");
                break;
            case JsonObject obj:
                text.Append('{');
                var first = true;
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    text.Append(first ? "\n" : ",\n").Append(' ', depth + 1);
                    first = false;
                    WriteString(text, key);
                    text.Append(": ");
                    Write(text, value, depth + 1);
                }
                text.Append('\n').Append(' ', depth).Append('}');
                break;
            case JsonArray array when array.Count == 0:
                text.Append("[]");
                break;
            case JsonArray array:
                text.Append('[');
                for (int i = 0; i < array.Count; i++)
                {
                    text.Append(i == 0 ? "\n" : ",\n").Append(' ', depth + 1);
                    Write(text, array[i], depth + 1);
                }
                text.Append('\n').Append(' ', depth).Append(']');
                break;
            default:
                WriteValue(text, node.AsValue());
                break;
        }
    }

    private static void WriteValue(StringBuilder text, JsonValue value)
    {
        // Numbers read from a file keep their original text (1.0 stays 1.0, as Python would write it back).
        if (value.TryGetValue<JsonElement>(out var element))
        {
            if (element.ValueKind == JsonValueKind.String) WriteString(text, element.GetString()!);
            else text.Append(element.GetRawText());
            return;
        }
        if (value.TryGetValue<string>(out var s)) WriteString(text, s);
        else if (value.TryGetValue<bool>(out var b)) text.Append(b ? "true" : "false");
        else text.Append(value.ToJsonString());
    }

    private static void WriteString(StringBuilder text, string s)
    {
        text.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                case < ' ': text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: text.Append(c); break;
            }
        }
        text.Append('"');
    }
}
