using Workbench.Plotting;
using static Workbench.Tests.Plotting.PlotlyJsonReader;

namespace Workbench.Tests.Plotting;

/// <summary>Titles, axes, legend, bar mode and size land where plotly.js's layout schema puts them.</summary>
public class LayoutJsonTests
{
    [Fact]
    public void Titles_are_objects_with_text_and_log_axis_has_type_log()
    {
        var layout = Layout(new Figure().Line(new[] { 0.1, 0.5 }, new[] { 1.0, 10 }).Title("MCR vs ratio").XAxis("ratio").YAxis("MCR %", log: true));
        Assert.Equal("MCR vs ratio", Text(layout["title"]!["text"]));
        Assert.Equal("ratio", Text(layout["xaxis"]!["title"]!["text"]));
        Assert.False(layout["xaxis"]!.AsObject().ContainsKey("type"));
        Assert.Equal("MCR %", Text(layout["yaxis"]!["title"]!["text"]));
        Assert.Equal("log", Text(layout["yaxis"]!["type"]));
    }

    [Fact]
    public void Axis_settings_accumulate()
    {
        var layout = Layout(new Figure().YAxis("loss").YAxis(log: true).YAxis(reversed: true));
        Assert.Equal("loss", Text(layout["yaxis"]!["title"]!["text"]));
        Assert.Equal("log", Text(layout["yaxis"]!["type"]));
        Assert.Equal("reversed", Text(layout["yaxis"]!["autorange"]));
    }

    [Fact]
    public void Legend_size_and_bar_mode()
    {
        var layout = Layout(new Figure().Legend(false).Width(640).Height(480).BarMode(BarMode.Stack));
        Assert.False(layout["showlegend"]!.GetValue<bool>());
        Assert.Equal(640, layout["width"]!.GetValue<int>());
        Assert.Equal(480, layout["height"]!.GetValue<int>());
        Assert.Equal("stack", Text(layout["barmode"]));
        Assert.Equal("group", Text(Layout(new Figure().BarMode(BarMode.Group))["barmode"]));
    }

    [Fact]
    public void Empty_figure_has_empty_data_and_no_layout_properties()
    {
        var json = Parse(new Figure());
        Assert.Empty(json["data"]!.AsArray());
        Assert.Empty(json["layout"]!.AsObject());
    }

    [Fact]
    public void Vertical_line_spans_the_subplot_domain()
    {
        var layout = Layout(new Figure().Histogram(new[] { 1.0, 2 }).VLine(1.5, "L1"));
        var shape = layout["shapes"]![0]!;
        Assert.Equal("line", Text(shape["type"]));
        Assert.Equal("x", Text(shape["xref"]));
        Assert.Equal("y domain", Text(shape["yref"]));
        Assert.Equal(1.5, shape["x0"]!.GetValue<double>());
        Assert.Equal(1.5, shape["x1"]!.GetValue<double>());
        Assert.Equal(0.0, shape["y0"]!.GetValue<double>());
        Assert.Equal(1.0, shape["y1"]!.GetValue<double>());
        var annotation = layout["annotations"]![0]!;
        Assert.Equal("L1", Text(annotation["text"]));
        Assert.False(annotation["showarrow"]!.GetValue<bool>());
    }
}
