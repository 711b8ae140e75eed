using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Workbench.Plotting;

/// <summary>Serialises traces and layout to plotly.js's figure JSON: {"data": [...], "layout": {...}}.</summary>
internal static class PlotlyJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        // An absent property means "plotly's default"; an explicit null can mean something else to plotly.
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static JsonObject Figure(IEnumerable<Trace> traces, Layout layout)
    {
        // Serialise each trace as its runtime type: as a Trace it would lose its type-specific properties.
        var data = new JsonArray([.. traces.Select(t => JsonSerializer.SerializeToNode(t, t.GetType(), Options))]);
        var layoutJson = JsonSerializer.SerializeToNode(layout, Options)!.AsObject();
        foreach (var (name, axis) in layout.Axes)
            layoutJson[name] = JsonSerializer.SerializeToNode(axis, Options);
        return new JsonObject { ["data"] = data, ["layout"] = layoutJson };
    }
}
