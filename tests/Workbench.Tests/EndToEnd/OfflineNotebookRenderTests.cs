using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Workbench.Plotting;
using Workbench.Tests.Plotting;

namespace Workbench.Tests.EndToEnd;

/// <summary>
/// A notebook run by <c>workbench run</c>, converted by nbconvert to HTML (as it is shared: by mail, on a
/// static site), and opened in headless Chromium with no network, draws every figure: plotly.js travels
/// inside the notebook once, in its first figure. Serial: Chromium is heavy on a 2-core machine.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class OfflineNotebookRenderTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    // Waits (in virtual time) until every figure div holds plotly's drawn SVG, then records per figure whether it did.
    private const string Probe = """
        <script>
        window.addEventListener("load", function () {
          var waited = 0;
          var report = function () {
            var figures = Array.prototype.slice.call(document.querySelectorAll("[data-workbench-plot]"));
            var drawn = figures.map(function (f) { return f.querySelectorAll("svg.main-svg").length > 0; });
            if (drawn.indexOf(false) >= 0 && waited++ < 100) { setTimeout(report, 100); return; }
            document.body.dataset.drawn = JSON.stringify(drawn);
          };
          setTimeout(report, 0);
        });
        </script>
        """;

    [Fact]
    public void ExecutedNotebookHtmlDrawsEveryFigureWithNoNetwork()
    {
        var input = folder.Write("figures.ipynb", System.Text.Encoding.UTF8.GetBytes(Notebooks.JupyterNotebooks.OfCode(
            "Charts.Curves(\"training\", \"epoch\", \"loss\", [(\"train\", [1.0, 2, 3], [0.9, 0.5, 0.3])])",
            "Console.WriteLine(\"between the figures\");",
            "Chart.Line<double, double, string>(new[] { 1.0, 2 }, new[] { 2.0, 1 }, Name: \"Plotly.NET directly\")",
            "Charts.Heatmap(\"mask\", new double[,] { { 1, 0 }, { 0, 1 } })")));
        var (exit, _, stderr) = CliProcess.Run(Timeout, "run", input);
        Assert.True(exit == 0, stderr);
        var executed = folder["figures.executed.ipynb"];
        Assert.Single(Regex.Matches(File.ReadAllText(executed), PlotlyHtml.ScriptMarker)); // once per notebook, not per figure
        var bundles = JsonNode.Parse(File.ReadAllText(executed))!["cells"]!.AsArray()
            .SelectMany(c => c!["outputs"]!.AsArray()).Where(o => o!["data"]?[ChartDisplay.PlotlyMimeType] is not null).Count();
        Assert.Equal(3, bundles);

        var html = folder["figures.html"];
        Nbconvert.ToHtml(executed, html, Timeout);
        File.WriteAllText(html, File.ReadAllText(html).Replace("</body>", Probe + "</body>"));
        var dom = HeadlessChromium.DumpDom(html);

        var match = Regex.Match(dom, "<body[^>]*\\sdata-drawn=\"([^\"]*)\"");
        Assert.True(match.Success, "the probe wrote nothing: the page did not finish loading in the virtual time budget");
        Assert.Equal([true, true, true], JsonSerializer.Deserialize<bool[]>(WebUtility.HtmlDecode(match.Groups[1].Value))!);
    }
}
