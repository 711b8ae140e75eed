using Workbench.Plotting;
using static Workbench.Tests.Plotting.PlotlyJsonReader;

namespace Workbench.Tests.Plotting;

/// <summary>The ready-made charts produce the traces and layout their names promise.</summary>
public class ChartsTests
{
    [Fact]
    public void Curves_draw_one_line_per_series_with_labels_and_optional_log()
    {
        var figure = Charts.Curves("MCR", "ratio", "MCR %", [("L1", [0.1, 0.5], [2.0, 8.0]), ("random", [0.1, 0.5], [3.0, 20.0])], logY: true);
        var json = Parse(figure);
        var data = json["data"]!.AsArray();
        Assert.Equal(2, data.Count);
        Assert.Equal(["L1", "random"], data.Select(t => Text(t!["name"])));
        Assert.All(data, t => Assert.Equal("lines+markers", Text(t!["mode"])));
        Assert.Equal("MCR", Text(json["layout"]!["title"]!["text"]));
        Assert.Equal("ratio", Text(json["layout"]!["xaxis"]!["title"]!["text"]));
        Assert.Equal("log", Text(json["layout"]!["yaxis"]!["type"]));
        Assert.False(Layout(Charts.Curves("t", "x", "y", [("a", [1.0], [1.0])]))["yaxis"]!.AsObject().ContainsKey("type"));
    }

    [Fact]
    public void Bars_group_or_stack_series_over_categories()
    {
        string[] layers = ["conv1", "conv2", "fc"];
        var grouped = Charts.Bars("kept", layers, [("L1", [1.0, 2, 3]), ("random", [3.0, 2, 1])]);
        var data = Parse(grouped)["data"]!.AsArray();
        Assert.Equal(2, data.Count);
        Assert.All(data, t => Assert.Equal(layers, Strings(t!["x"])));
        Assert.Equal("group", Text(Layout(grouped)["barmode"]));
        Assert.Equal("stack", Text(Layout(Charts.Bars("kept", layers, [("L1", [1.0, 2, 3])], stacked: true))["barmode"]));
    }

    [Fact]
    public void Heatmap_reads_like_the_matrix_with_first_row_on_top()
    {
        var cka = new[] { new[] { 1.0, 0.4 }, new[] { 0.4, 1.0 } };
        var figure = Charts.Heatmap("CKA", cka, ["a", "b"], ["a", "b"], "RdBu", zMin: 0, zMax: 1);
        var trace = Trace(figure, 0);
        Assert.Equal("heatmap", Text(trace["type"]));
        Assert.Equal("RdBu", Text(trace["colorscale"]));
        Assert.Equal("reversed", Text(Layout(figure)["yaxis"]!["autorange"]));
        Assert.Equal(2, Trace(Charts.Heatmap("mask", new double[2, 5]), 0)["z"]!.AsArray().Count);
    }

    [Fact]
    public void Histogram_marks_a_value_with_a_labelled_line()
    {
        var figure = Charts.Histogram("random candidates", [1.0, 2, 3, 4], markAt: 1.5, markLabel: "L1");
        Assert.Equal("histogram", Text(Trace(figure, 0)["type"]));
        var layout = Layout(figure);
        Assert.Equal(1.5, layout["shapes"]![0]!["x0"]!.GetValue<double>());
        Assert.Equal("L1", Text(layout["annotations"]![0]!["text"]));
        Assert.False(Layout(Charts.Histogram("h", [1.0])).ContainsKey("shapes"));
    }
}
