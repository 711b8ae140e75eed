using System.Text.Json.Nodes;
using Workbench.Plotting;

namespace Workbench.Tests.Plotting;

/// <summary>Reads a figure's plotly JSON back the way plotly.js will see it: from the serialised text.</summary>
internal static class PlotlyJsonReader
{
    public static JsonObject Parse(Figure figure) => JsonNode.Parse(figure.ToJson())!.AsObject();

    public static JsonObject Trace(Figure figure, int index) => Parse(figure)["data"]![index]!.AsObject();

    public static JsonObject Layout(Figure figure) => Parse(figure)["layout"]!.AsObject();

    public static double?[] Numbers(JsonNode? array) => [.. array!.AsArray().Select(n => n is null ? (double?)null : n.GetValue<double>())];

    public static string[] Strings(JsonNode? array) => [.. array!.AsArray().Select(n => n!.GetValue<string>())];

    public static string Text(JsonNode? node) => node!.GetValue<string>();

    /// <summary>Every property path whose value is null: plotly's defaults apply only to absent properties.</summary>
    public static IEnumerable<string> NullProperties(JsonNode? node, string path = "")
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    if (value is null) yield return path + "." + key;
                    foreach (var p in NullProperties(value, path + "." + key)) yield return p;
                }
                break;
            case JsonArray a:
                // Nulls inside data arrays are gaps (non-finite values) and allowed; look inside nested objects only.
                for (int i = 0; i < a.Count; i++)
                    if (a[i] is JsonObject or JsonArray)
                        foreach (var p in NullProperties(a[i], $"{path}[{i}]")) yield return p;
                break;
        }
    }
}
