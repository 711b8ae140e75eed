using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Plotly.NET;

namespace Workbench.Plotting;

/// <summary>
/// How a Plotly.NET chart shows itself in a notebook: Plotly's own MIME type (JupyterLab and VS Code draw
/// it with their plotly), an HTML fallback for every other frontend, and a one-line text summary.
/// </summary>
public static class ChartDisplay
{
    public const string PlotlyMimeType = "application/vnd.plotly.v1+json";

    /// <summary>
    /// The MIME bundle. <paramref name="embedPlotlyJs"/> puts the local plotly.js into the HTML, so the saved
    /// notebook draws with no network; a notebook needs it once, in its first figure (see <see cref="PlotlyHtml.EmbedOnce"/>).
    /// </summary>
    public static IReadOnlyDictionary<string, object> MimeBundle(GenericChart chart, bool embedPlotlyJs)
    {
        var figure = FigureJson(chart);
        return new Dictionary<string, object>
        {
            ["text/plain"] = Describe(figure),
            ["text/html"] = PlotlyHtml.Fragment(figure, embedPlotlyJs),
            [PlotlyMimeType] = figure,
        };
    }

    /// <summary>{"data": [...], "layout": {...}, "config": {...}} as Plotly.NET writes it; a fresh object each call.</summary>
    public static JsonObject FigureJson(GenericChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        return JsonNode.Parse(GenericChart.toFigureJson(chart))!.AsObject();
    }

    /// <summary>How long turning <paramref name="chart"/> into its bundle takes (Plotly.NET's serialiser): what a cell pays to show it.</summary>
    public static TimeSpan TimeToSerialize(GenericChart chart)
    {
        var clock = Stopwatch.StartNew();
        _ = FigureJson(chart);
        return clock.Elapsed;
    }

    /// <summary>"Chart: 3 traces (scatter, scatter, bar), title 'X'".</summary>
    public static string Describe(JsonObject figure)
    {
        var traces = figure["data"]?.AsArray().Select(t => (string?)t?["type"] ?? "scatter").ToList() ?? [];
        var text = new StringBuilder("Chart: ").Append(traces.Count).Append(traces.Count == 1 ? " trace" : " traces");
        if (traces.Count > 0) text.Append(" (").Append(string.Join(", ", traces)).Append(')');
        if (TitleOf(figure["layout"]?["title"]) is { Length: > 0 } title) text.Append(", title '").Append(title.ReplaceLineEndings(" ")).Append('\'');
        return text.ToString();
    }

    internal static string? TitleOf(JsonNode? title) => title switch
    {
        JsonValue value => (string?)value,
        JsonObject obj => (string?)obj["text"],
        _ => null,
    };
}
