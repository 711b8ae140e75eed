using System.Text;
using System.Text.Json.Nodes;
using Workbench.Checkpoints;

namespace Workbench.Plotting;

// How a figure shows itself: the plotly JSON that notebooks render natively, HTML, a text summary, a saved page.
public sealed partial class Figure : IRichDisplay
{
    public const string PlotlyMimeType = "application/vnd.plotly.v1+json";

    /// <summary>
    /// Offline mode: the text/html output embeds the local plotly.js (about 4.8 MB per figure) instead
    /// of loading it from the plotly CDN. Only frontends that ignore <see cref="PlotlyMimeType"/> use
    /// the HTML at all. <see cref="SaveHtml"/> always embeds.
    /// </summary>
    public static bool EmbedPlotlyJs { get; set; }

    /// <summary>The figure as plotly.js JSON: {"data": [traces], "layout": {...}}; a fresh object each call.</summary>
    public JsonObject ToPlotlyJson() => PlotlyJson.Figure(traces, Layout);

    /// <summary>The plotly JSON as text.</summary>
    public string ToJson() => ToPlotlyJson().ToJsonString();

    /// <summary>
    /// plotly JSON (VS Code and JupyterLab draw it with their own plotly), text/html for other
    /// frontends, and a one-line text/plain summary.
    /// </summary>
    public IReadOnlyDictionary<string, object> ToMimeBundle() => new Dictionary<string, object>
    {
        ["text/plain"] = ToString(),
        ["text/html"] = ToHtml(),
        [PlotlyMimeType] = ToPlotlyJson(),
    };

    /// <summary>
    /// A div and a script that draws the figure into it. Unless <paramref name="embedPlotlyJs"/> (default:
    /// <see cref="EmbedPlotlyJs"/>), plotly.js comes from the official CDN (<see cref="PlotlyJs.CdnUrl"/>)
    /// when the page has no Plotly yet, which needs network access.
    /// </summary>
    public string ToHtml(bool? embedPlotlyJs = null) =>
        PlotlyHtml.Fragment(ToPlotlyJson(), Layout, embedPlotlyJs ?? EmbedPlotlyJs);

    /// <summary>
    /// Writes a standalone page that embeds the local plotly.js, so it opens offline and references no
    /// remote URL; the file is replaced atomically. Returns the full path.
    /// </summary>
    public string SaveHtml(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        // Build the page first: a missing plotly.js must fail before anything is written.
        var page = PlotlyHtml.Page(ToPlotlyJson(), Layout, Layout.Title?.Text ?? "Figure");
        var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(page);
        AtomicFile.Write(path, stream => stream.Write(bytes));
        return Path.GetFullPath(path);
    }

    /// <summary>"Figure: 3 traces (scatter, scatter, bar), title 'X'".</summary>
    public override string ToString()
    {
        var text = new StringBuilder("Figure: ").Append(traces.Count).Append(traces.Count == 1 ? " trace" : " traces");
        if (traces.Count > 0) text.Append(" (").Append(string.Join(", ", traces.Select(t => t.Type))).Append(')');
        if (Layout.Grid is { } grid) text.Append(", ").Append(grid.Rows).Append('×').Append(grid.Columns).Append(" grid");
        if (Layout.Title is { } title) text.Append(", title '").Append(title.Text.ReplaceLineEndings(" ")).Append('\'');
        return text.ToString();
    }
}
