using Workbench.Plotting;
using static Workbench.Tests.Plotting.PlotlyJsonReader;

namespace Workbench.Tests.Plotting;

/// <summary>The ready-made charts produce, through Plotly.NET, the traces and layout their names promise.</summary>
public class ChartsTests
{
    [Fact]
    public void Curves_draw_one_line_per_series_with_labels_and_optional_log()
    {
        var chart = Charts.Curves("MCR", "ratio", "MCR %", [("L1", [0.1, 0.5], [2.0, 8.0]), ("random", [0.1, 0.5], [3.0, 20.0])], logY: true);
        var json = Parse(chart);
        var data = json["data"]!.AsArray();
        Assert.Equal(["L1", "random"], data.Select(t => Text(t!["name"])));
        Assert.All(data, t => Assert.Equal("lines+markers", Text(t!["mode"])));
        Assert.Equal([2.0, 8.0], Numbers(data[0]!["y"]));
        Assert.Equal("MCR", TitleText(json["layout"]!["title"]));
        Assert.Equal("ratio", TitleText(json["layout"]!["xaxis"]!["title"]));
        Assert.Equal("MCR %", TitleText(json["layout"]!["yaxis"]!["title"]));
        Assert.Equal("log", Text(json["layout"]!["yaxis"]!["type"]));
        Assert.NotEqual("log", (string?)Layout(Charts.Curves("t", "x", "y", [("a", [1.0], [1.0])]))["yaxis"]?["type"]);
        Assert.Contains("'a' has 2 x values but 1 y values", Assert.Throws<ArgumentException>(() => Charts.Curves("t", "x", "y", [("a", [1.0, 2.0], [1.0])])).Message);
    }

    [Fact]
    public void Bars_group_or_stack_series_over_categories()
    {
        string[] layers = ["conv1", "conv2", "fc"];
        var grouped = Charts.Bars("kept", layers, [("L1", [1.0, 2, 3]), ("random", [3.0, 2, 1])], xLabel: "layer", yLabel: "kept (%)");
        var data = Parse(grouped)["data"]!.AsArray();
        Assert.Equal(2, data.Count);
        Assert.All(data, t => Assert.Equal("bar", Text(t!["type"])));
        Assert.All(data, t => Assert.Equal(layers, Strings(t!["x"])));
        Assert.Equal([3.0, 2, 1], Numbers(data[1]!["y"]));
        Assert.NotEqual("stack", (string?)Layout(grouped)["barmode"]); // plotly's default is "group"
        Assert.Equal("layer", TitleText(Layout(grouped)["xaxis"]!["title"]));
        Assert.Equal("stack", Text(Layout(Charts.Bars("kept", layers, [("L1", [1.0, 2, 3])], stacked: true))["barmode"]));
        Assert.Throws<ArgumentException>(() => Charts.Bars("kept", layers, [("L1", [1.0])]));
    }

    [Fact]
    public void Heatmap_reads_like_the_matrix_with_first_row_on_top_and_a_fixed_colour_range()
    {
        var cka = new[] { new[] { 1.0, 0.4 }, new[] { 0.4, double.NaN } };
        var chart = Charts.Heatmap("CKA", cka, ["a", "b"], ["c", "d"], zMin: 0, zMax: 1);
        var trace = Trace(chart, 0);
        Assert.Equal("heatmap", Text(trace["type"]));
        Assert.Equal(1.0, trace["z"]![0]![0]!.GetValue<double>());
        Assert.Equal(0.4, trace["z"]![0]![1]!.GetValue<double>());
        Assert.Equal(["a", "b"], Strings(trace["x"]));
        Assert.Equal(["c", "d"], Strings(trace["y"]));
        Assert.Equal((0.0, 1.0), (trace["zmin"]!.GetValue<double>(), trace["zmax"]!.GetValue<double>()));
        Assert.Equal("reversed", Text(Layout(chart)["yaxis"]!["autorange"]));
        Assert.Equal(2, Trace(Charts.Heatmap("mask", new double[2, 5]), 0)["z"]!.AsArray().Count);
        Assert.Throws<ArgumentException>(() => Charts.Heatmap("m", new double[2, 2], xLabels: ["only one"]));
    }

    [Fact]
    public void Histogram_marks_a_value_with_a_labelled_line()
    {
        var chart = Charts.Histogram("random candidates", [1.0, 2, 3, 4], markAt: 1.5, markLabel: "L1", bins: 12);
        var trace = Trace(chart, 0);
        Assert.Equal("histogram", Text(trace["type"]));
        Assert.Equal(12, trace["nbinsx"]!.GetValue<int>());
        var layout = Layout(chart);
        Assert.Equal(1.5, layout["shapes"]![0]!["x0"]!.GetValue<double>());
        Assert.Equal("y domain", Text(layout["shapes"]![0]!["yref"]));
        Assert.Equal("L1", Text(layout["annotations"]![0]!["text"]));
        Assert.False(Layout(Charts.Histogram("h", [1.0])).ContainsKey("shapes"));
    }

    [Fact]
    public void Reference_lines_and_regions_are_shapes_in_data_units()
    {
        var chart = Charts.Curves("t", "x", "y", [("a", [0.0, 1.0], [0.0, 1.0])]).WithHorizontalLine(0.5, "baseline").WithRegion(0.2, 0.8, 0.1, 0.9, "target");
        var shapes = Layout(chart)["shapes"]!.AsArray();
        Assert.Equal(2, shapes.Count);
        var line = shapes.Single(s => Text(s!["type"]) == "line")!;
        var region = shapes.Single(s => Text(s!["type"]) == "rect")!;
        Assert.Equal((0.5, 0.5, "x domain"), (line["y0"]!.GetValue<double>(), line["y1"]!.GetValue<double>(), Text(line["xref"])));
        Assert.Equal((0.2, 0.8, 0.9, "below"), (region["x0"]!.GetValue<double>(), region["x1"]!.GetValue<double>(), region["y1"]!.GetValue<double>(), Text(region["layer"])));
        Assert.Equal(["baseline", "target"], Layout(chart)["annotations"]!.AsArray().Select(a => Text(a!["text"])).Order());
    }
}
