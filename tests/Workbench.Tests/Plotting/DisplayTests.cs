using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Workbench.Plotting;

namespace Workbench.Tests.Plotting;

/// <summary>The MIME bundle a notebook gets, the HTML fragment, and the text summary.</summary>
public class DisplayTests
{
    private static Figure ThreeTraces() => new Figure()
        .Line(new[] { 1.0, 2 }, new[] { 3.0, 4 }).Markers(new[] { 1.0 }, new[] { 2.0 }).Bar(new[] { "a" }, new[] { 1.0 }).Title("X");

    [Fact]
    public void Bundle_has_plotly_json_html_and_plain_text()
    {
        var bundle = ThreeTraces().ToMimeBundle();
        Assert.Equal(["application/vnd.plotly.v1+json", "text/html", "text/plain"], bundle.Keys.Order(StringComparer.Ordinal));
        var plotly = Assert.IsType<JsonObject>(bundle[Figure.PlotlyMimeType]);
        Assert.Equal(3, Assert.IsType<JsonArray>(plotly["data"]).Count);
        Assert.IsType<JsonObject>(plotly["layout"]);
        Assert.IsType<string>(bundle["text/html"]);
        Assert.Equal("Figure: 3 traces (scatter, scatter, bar), title 'X'", bundle["text/plain"]);
    }

    [Fact]
    public void Summary_counts_traces_and_grid()
    {
        Assert.Equal("Figure: 0 traces", new Figure().ToString());
        Assert.Equal("Figure: 1 trace (histogram)", new Figure().Histogram(new[] { 1.0 }).ToString());
        Assert.Equal("Figure: 1 trace (heatmap), 1×2 grid", Figure.Grid(1, 2).Heatmap(new double[,] { { 1 } }).ToString());
    }

    [Fact]
    public void Html_draws_into_a_unique_div_loading_plotly_from_the_cdn()
    {
        var figure = ThreeTraces();
        var html = figure.ToHtml(embedPlotlyJs: false);
        var id = Regex.Match(html, "<div id=\"(workbench-plot-[0-9a-f]{32})\"").Groups[1].Value;
        Assert.NotEmpty(id);
        Assert.Contains($"Plotly.newPlot(\"{id}\"", html);
        Assert.Contains("https://cdn.plot.ly/plotly-4.1.2.min.js", html);
        Assert.DoesNotContain(id, figure.ToHtml(embedPlotlyJs: false));
    }

    [Fact]
    public void Offline_html_embeds_plotly_and_names_no_cdn()
    {
        var html = ThreeTraces().ToHtml(embedPlotlyJs: true);
        Assert.Contains("plotly.js v" + PlotlyJs.Version, html);
        Assert.DoesNotContain("cdn.plot.ly/plotly-", html);
    }

    [Fact]
    public void Text_in_the_figure_cannot_close_the_script()
    {
        var html = new Figure().Title("</script><b>&").Line(new[] { 1.0 }, new[] { 1.0 }, name: "</SCRIPT>").ToHtml(embedPlotlyJs: false);
        Assert.Single(Regex.Matches(html, "</script", RegexOptions.IgnoreCase));
        Assert.DoesNotContain("<b>", html);
    }

    [Fact]
    public void Html_size_follows_the_layout()
    {
        Assert.Contains("width:100%;height:450px", new Figure().ToHtml(false));
        Assert.Contains("width:640px;height:300px", new Figure().Width(640).Height(300).ToHtml(false));
    }
}
