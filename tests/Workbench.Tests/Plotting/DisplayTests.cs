using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Plotly.NET;
using Workbench.Plotting;
using Chart = Plotly.NET.CSharp.Chart;

namespace Workbench.Tests.Plotting;

/// <summary>The MIME bundle a notebook gets for a Plotly.NET chart, its HTML fallback, and the text summary.</summary>
public class DisplayTests
{
    private static GenericChart ThreeTraces() => Chart.Combine(
    [
        Chart.Line<double, double, string>(new[] { 1.0, 2 }, new[] { 3.0, 4 }),
        Chart.Point<double, double, string>(new[] { 1.0 }, new[] { 2.0 }),
        Chart.Column<double, string, string>(new[] { 1.0 }, Keys: new[] { "a" }),
    ]).WithTitle("X");

    [Fact]
    public void Bundle_has_plotly_json_html_and_plain_text()
    {
        var bundle = ChartDisplay.MimeBundle(ThreeTraces(), embedPlotlyJs: false);
        Assert.Equal(["application/vnd.plotly.v1+json", "text/html", "text/plain"], bundle.Keys.Order(StringComparer.Ordinal));
        var plotly = Assert.IsType<JsonObject>(bundle[ChartDisplay.PlotlyMimeType]);
        Assert.Equal(3, Assert.IsType<JsonArray>(plotly["data"]).Count);
        Assert.IsType<JsonObject>(plotly["layout"]);
        Assert.IsType<string>(bundle["text/html"]);
        Assert.Equal("Chart: 3 traces (scatter, scatter, bar), title 'X'", bundle["text/plain"]);
    }

    [Fact]
    public void Html_draws_into_a_unique_div_and_names_no_remote_url()
    {
        var html = (string)ChartDisplay.MimeBundle(ThreeTraces(), embedPlotlyJs: false)["text/html"];
        var id = Regex.Match(html, "<div id=\"(workbench-plot-[0-9a-f]{32})\" " + PlotlyHtml.FigureMarker).Groups[1].Value;
        Assert.NotEmpty(id);
        Assert.Contains($"Plotly.newPlot(\"{id}\"", html);
        Assert.DoesNotMatch(new Regex("https?:|src=", RegexOptions.IgnoreCase), html);
        Assert.DoesNotContain(id, (string)ChartDisplay.MimeBundle(ThreeTraces(), embedPlotlyJs: false)["text/html"]);
    }

    [Fact]
    public void Embedded_html_carries_the_local_plotly_once()
    {
        var html = (string)ChartDisplay.MimeBundle(ThreeTraces(), embedPlotlyJs: true)["text/html"];
        Assert.Single(Regex.Matches(html, PlotlyHtml.ScriptMarker));
        Assert.Contains("plotly.js v" + PlotlyJs.Version, html);
    }

    [Fact]
    public void EmbedOnce_keeps_plotly_in_the_first_figure_only()
    {
        var plain = (string)ChartDisplay.MimeBundle(ThreeTraces(), embedPlotlyJs: false)["text/html"];
        var embedded = (string)ChartDisplay.MimeBundle(ThreeTraces(), embedPlotlyJs: true)["text/html"];
        var fixedHtml = PlotlyHtml.EmbedOnce([plain, embedded, embedded]);
        Assert.Equal([1, 0, 0], fixedHtml.Select(h => Regex.Matches(h, PlotlyHtml.ScriptMarker).Count));
        Assert.EndsWith(plain, fixedHtml[0]);
        Assert.Equal(fixedHtml, PlotlyHtml.EmbedOnce(fixedHtml)); // idempotent: a notebook saved after every cell stays right
    }

    [Fact]
    public void Text_in_the_chart_cannot_close_the_script()
    {
        var chart = Chart.Line<double, double, string>(new[] { 1.0 }, new[] { 1.0 }, Name: "</SCRIPT>").WithTitle("</script><b>&");
        var html = (string)ChartDisplay.MimeBundle(chart, embedPlotlyJs: false)["text/html"];
        Assert.Single(Regex.Matches(html, "</script", RegexOptions.IgnoreCase));
        Assert.DoesNotContain("<b>", html);
    }

    [Fact]
    public void Html_size_follows_the_layout()
    {
        Assert.Contains("width:600px;height:600px", (string)ChartDisplay.MimeBundle(ThreeTraces(), false)["text/html"]); // Plotly.NET's default size
        var sized = Plotly.NET.CSharp.GenericChartExtensions.WithSize(ThreeTraces(), Width: 640, Height: 300);
        Assert.Contains("width:640px;height:300px", (string)ChartDisplay.MimeBundle(sized, false)["text/html"]);
    }
}
