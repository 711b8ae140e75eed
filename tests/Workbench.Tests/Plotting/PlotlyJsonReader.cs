using System.Text.Json.Nodes;
using Plotly.NET;

namespace Workbench.Tests.Plotting;

/// <summary>Reads a chart's plotly JSON back the way plotly.js will see it: from Plotly.NET's serialised text.</summary>
internal static class PlotlyJsonReader
{
    public static JsonObject Parse(GenericChart chart) => JsonNode.Parse(GenericChart.toFigureJson(chart))!.AsObject();

    public static JsonObject Trace(GenericChart chart, int index) => Parse(chart)["data"]![index]!.AsObject();

    public static JsonObject Layout(GenericChart chart) => Parse(chart)["layout"]!.AsObject();

    /// <summary>A title as plotly reads it: a string, or an object's "text".</summary>
    public static string? TitleText(JsonNode? title) => title is JsonObject o ? (string?)o["text"] : (string?)title;

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
