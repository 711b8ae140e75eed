using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Workbench.Plotting;

/// <summary>
/// The HTML that draws a figure with plotly.js: a notebook fragment, or a standalone page. Nothing here
/// loads from the network: a notebook carries the local plotly.js once, in the script block that
/// <see cref="EmbeddedScript"/> writes, and every figure waits for it.
/// </summary>
public static class PlotlyHtml
{
    /// <summary>The attribute that marks the script block holding plotly.js, so a notebook's copy can be found and kept single.</summary>
    public const string ScriptMarker = "data-workbench-plotly-js";

    /// <summary>The attribute on every figure's div.</summary>
    public const string FigureMarker = "data-workbench-plot";

    private const string Config = "{\"responsive\": true, \"displaylogo\": false}";

    private static int embedded;

    /// <summary>
    /// True the first time it is asked in this process, then false: a kernel session embeds plotly.js in
    /// its first figure only. (The notebook runner makes its saved notebooks right whatever this says, see
    /// <see cref="EmbedOnce"/>.)
    /// </summary>
    public static bool ClaimFirstEmbedding() => Interlocked.Exchange(ref embedded, 1) == 0;

    public static string Fragment(JsonObject figure, bool embed)
    {
        var html = new StringBuilder();
        if (embed) html.Append(EmbeddedScriptOrNote());
        var id = NewId();
        html.Append(Div(id, figure, "450px"));
        html.Append("<script>\n").Append(DrawWhenPlotlyIsThere(id, figure)).Append("</script>\n");
        return html.ToString();
    }

    public static string Page(JsonObject figure, string title)
    {
        var id = NewId();
        return new StringBuilder()
            .Append("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(WebUtility.HtmlEncode(title)).Append("</title>\n")
            .Append(EmbeddedScript())
            .Append("</head>\n<body>\n")
            .Append(Div(id, figure, "90vh"))
            .Append("<script>\n").Append(DrawWhenPlotlyIsThere(id, figure)).Append("</script>\n")
            .Append("</body>\n</html>\n")
            .ToString();
    }

    /// <summary>
    /// Given the text/html of a notebook's figures in document order, returns them with plotly.js embedded
    /// exactly once, in the first: removed from every other, added to the first when none had it. Scripts run
    /// in document order in nbconvert's HTML and in JupyterLab, so every later figure finds Plotly defined.
    /// </summary>
    public static IReadOnlyList<string> EmbedOnce(IReadOnlyList<string> figureHtml)
    {
        var stripped = figureHtml.Select(WithoutEmbeddedScript).ToList();
        if (stripped.Count > 0) stripped[0] = EmbeddedScript() + stripped[0];
        return stripped;
    }

    /// <summary>Whether this HTML is a workbench figure (its div carries <see cref="FigureMarker"/>).</summary>
    public static bool IsFigure(string html) => html.Contains(FigureMarker, StringComparison.Ordinal);

    /// <summary>The script block with the local plotly.js (about 4.8 MB).</summary>
    public static string EmbeddedScript() =>
        // A literal "</script" inside the library would end the element early; in JavaScript "<\/" means the same.
        $"<script {ScriptMarker}=\"{PlotlyJs.Version}\">\n" + PlotlyJs.Script.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase) + "\n</script>\n";

    // A cell's chart must still show where plotly.js is not installed (a renderer of Plotly's MIME type
    // needs none); the HTML fallback then says what is missing.
    private static string EmbeddedScriptOrNote()
    {
        try { return EmbeddedScript(); }
        catch (FileNotFoundException e) { return $"<!-- {WebUtility.HtmlEncode(e.Message).Replace("--", "- -", StringComparison.Ordinal)} -->\n"; }
    }

    /// <summary>Whether this HTML carries the plotly.js script block.</summary>
    public static bool HasEmbeddedScript(string html) => html.Contains("<script " + ScriptMarker, StringComparison.Ordinal);

    /// <summary>The same figure HTML carrying plotly.js in front (once, whether or not it had it).</summary>
    public static string WithEmbeddedScript(string html) => EmbeddedScriptOrNote() + WithoutEmbeddedScript(html);

    /// <summary>The same figure HTML without its plotly.js script block, if it had one.</summary>
    public static string WithoutEmbeddedScript(string html)
    {
        var start = html.IndexOf("<script " + ScriptMarker, StringComparison.Ordinal);
        if (start < 0) return html;
        const string close = "</script>\n";
        var end = html.IndexOf(close, start, StringComparison.Ordinal);
        return end < 0 ? html : html[..start] + html[(end + close.Length)..];
    }

    // Unique per output: a notebook page holds many figures, and re-running a cell must not draw into an old div.
    private static string NewId() => "workbench-plot-" + Guid.NewGuid().ToString("N");

    private static string Div(string id, JsonObject figure, string defaultHeight)
    {
        var layout = figure["layout"] as JsonObject;
        var width = layout?["width"] is JsonValue w ? w + "px" : "100%";
        var height = layout?["height"] is JsonValue h ? h + "px" : defaultHeight;
        return $"<div id=\"{id}\" {FigureMarker} style=\"width:{width};height:{height}\"></div>\n";
    }

    /// <summary>
    /// Draws at once when Plotly is defined; otherwise retries for a while, because frontends that insert
    /// output HTML may run the embedding block's script after this one.
    /// </summary>
    // ToJsonString's default encoder escapes <, > and &, so no string in the figure can close the <script>.
    private static string DrawWhenPlotlyIsThere(string id, JsonObject figure) =>
        $$"""
        (function () {
          var figure = {{figure.ToJsonString()}};
          var tries = 0;
          var draw = function () {
            if (window.Plotly) { Plotly.newPlot("{{id}}", figure.data, figure.layout, {{Config}}); return; }
            if (++tries < 200) setTimeout(draw, 50);
          };
          draw();
        })();

        """;
}
