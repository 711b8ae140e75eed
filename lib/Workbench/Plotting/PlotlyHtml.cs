using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Workbench.Plotting;

/// <summary>The HTML that draws a figure with plotly.js: a notebook fragment, or a standalone page.</summary>
internal static class PlotlyHtml
{
    private const string Config = "{\"responsive\": true, \"displaylogo\": false}";

    public static string Fragment(JsonObject figure, Layout layout, bool embed)
    {
        var html = new StringBuilder();
        if (embed) html.Append(EmbeddedScript());
        var id = NewId();
        html.Append(Div(id, layout, "450px"));
        html.Append("<script>\n").Append(embed ? DrawNow(id, figure) : DrawLoadingFromCdn(id, figure)).Append("</script>\n");
        return html.ToString();
    }

    public static string Page(JsonObject figure, Layout layout, string title)
    {
        var id = NewId();
        return new StringBuilder()
            .Append("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(WebUtility.HtmlEncode(title)).Append("</title>\n")
            .Append(EmbeddedScript())
            .Append("</head>\n<body>\n")
            .Append(Div(id, layout, "90vh"))
            .Append("<script>\n").Append(DrawNow(id, figure)).Append("</script>\n")
            .Append("</body>\n</html>\n")
            .ToString();
    }

    // Unique per output: a notebook page holds many figures, and re-running a cell must not draw into an old div.
    private static string NewId() => "workbench-plot-" + Guid.NewGuid().ToString("N");

    private static string Div(string id, Layout layout, string defaultHeight)
    {
        var width = layout.Width is { } w ? w + "px" : "100%";
        var height = layout.Height is { } h ? h + "px" : defaultHeight;
        return $"<div id=\"{id}\" style=\"width:{width};height:{height}\"></div>\n";
    }

    // ToJsonString's default encoder escapes <, > and &, so no string in the figure can close the <script>.
    private static string DrawNow(string id, JsonObject figure) =>
        $"(function () {{\n  var figure = {figure.ToJsonString()};\n  Plotly.newPlot(\"{id}\", figure.data, figure.layout, {Config});\n}})();\n";

    /// <summary>
    /// Loads plotly.js from the CDN only when the page has no Plotly yet, then draws. The script element is
    /// created here rather than written as a static &lt;script src&gt;: frontends that insert output HTML
    /// re-create its scripts, which then load asynchronously, so the draw could otherwise run before
    /// Plotly exists. Figures drawn while the CDN script loads wait for the same element.
    /// </summary>
    private static string DrawLoadingFromCdn(string id, JsonObject figure) =>
        $$"""
        (function () {
          var figure = {{figure.ToJsonString()}};
          var draw = function () { Plotly.newPlot("{{id}}", figure.data, figure.layout, {{Config}}); };
          if (window.Plotly) { draw(); return; }
          var script = document.querySelector("script[data-workbench-plotly]");
          if (!script) {
            script = document.createElement("script");
            script.src = "{{PlotlyJs.CdnUrl}}";
            script.setAttribute("data-workbench-plotly", "");
            document.head.appendChild(script);
          }
          script.addEventListener("load", draw);
        })();

        """;

    private static string EmbeddedScript() =>
        // A literal "</script" inside the library would end the element early; in JavaScript "<\/" means the same.
        "<script>\n" + PlotlyJs.Script.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase) + "\n</script>\n";
}
