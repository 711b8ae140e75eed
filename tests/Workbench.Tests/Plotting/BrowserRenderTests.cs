using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Workbench.Plotting;

namespace Workbench.Tests.Plotting;

/// <summary>
/// A page saved with SaveOfflineHtml, opened in a real headless Chromium with no network, draws every
/// trace without a script error. Serial: Chromium is heavy for a shared machine, and its own
/// 60 s timeout should measure Chromium, not the other tests.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class BrowserRenderTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    // Runs before plotly.js (it goes first in <head>), so errors while loading plotly count too. Once the
    // page has loaded it waits (in virtual time) for the traces to appear, then writes what it found into
    // the DOM, which Chromium dumps. console.error counts as an error: plotly.js reports failures there.
    // A heatmap counts once plotly has painted it: an SVG image whose (xlink:)href is PNG data.
    private const string Harness = """
        <script>
        (function () {
          var errors = [];
          window.onerror = function (message, source, line) { errors.push(message + " at " + source + ":" + line); };
          window.addEventListener("unhandledrejection", function (e) { errors.push("unhandled rejection: " + (e.reason && e.reason.stack || e.reason)); });
          var consoleError = console.error;
          console.error = function () { errors.push("console.error: " + Array.prototype.join.call(arguments, " ")); consoleError.apply(console, arguments); };
          var count = function (selector) { return document.querySelectorAll(selector).length; };
          var waited = 0;
          var report = function () {
            var gd = document.querySelector(".js-plotly-plot");
            var result = {
              traces: gd && gd.data ? gd.data.length : -1,
              scatter: count(".scatterlayer .trace"),
              bars: count(".barlayer .trace"),
              heatmaps: count(".heatmaplayer .hm image[*|href^='data:image/png']"),
              shapes: count(".shapelayer path"),
              errors: errors
            };
            if (result.scatter + result.bars + result.heatmaps < EXPECTED && waited++ < 100) { setTimeout(report, 100); return; }
            document.body.dataset.result = JSON.stringify(result);
          };
          window.addEventListener("load", function () { setTimeout(report, 0); });
        })();
        </script>
        """;

    private sealed record Result(int Traces, int Scatter, int Bars, int Heatmaps, int Shapes, string[] Errors);

    [Fact]
    public void Saved_page_draws_every_trace_offline_without_errors()
    {
        // Chart.Grid re-anchors the charts it is given, so each is built fresh for it.
        var figure = Plotly.NET.CSharp.Chart.Grid(
        [
            Charts.Curves("MCR", "ratio", "MCR %", [("L1", [0.1, 0.3, 0.5], [1.0, 2.5, 9.0]), ("random", [0.1, 0.3, 0.5], [1.5, 4.0, 20.0])], logY: true),
            Charts.Heatmap("mask", new double[,] { { 1, 0, 1 }, { 0, 1, 1 } }, ["i0", "i1", "i2"], ["o0", "o1"], Plotly.NET.StyleParam.Colorscale.Greys, 0, 1),
            Charts.Bars("kept", ["conv1", "conv2"], [("kept", [3.0, 5.0])]),
            Charts.Histogram("candidates", [1.0, 2, 2, 3, 3, 3, 4], markAt: 2.5, markLabel: "L1"),
        ], 2, 2).WithTitle("pruning");
        var path = figure.SaveOfflineHtml(folder["figure.html"]);
        var page = File.ReadAllText(path);
        // plotly.js's own text mentions URLs it never fetches for these traces; the page around it names none.
        Assert.DoesNotMatch(new Regex("https?:|src=|href=", RegexOptions.IgnoreCase), page.Replace(PlotlyJs.Script, ""));
        File.WriteAllText(path, page.Replace("<head>\n", "<head>\n" + Harness.Replace("EXPECTED", "5") + "\n"));

        var result = Parse(HeadlessChromium.DumpDom(path));

        Assert.Empty(result.Errors);
        Assert.Equal(5, result.Traces);
        Assert.Equal(2, result.Scatter);
        Assert.Equal(2, result.Bars);   // the bar trace and the histogram
        Assert.Equal(1, result.Heatmaps);
        Assert.Equal(1, result.Shapes);
    }

    private static Result Parse(string dom)
    {
        var match = Regex.Match(dom, "<body[^>]*\\sdata-result=\"([^\"]*)\"");
        Assert.True(match.Success, "the harness wrote no result: the page did not finish loading in the virtual time budget");
        return JsonSerializer.Deserialize<Result>(WebUtility.HtmlDecode(match.Groups[1].Value), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }
}
