using Workbench.Plotting;
using static Workbench.Tests.Plotting.PlotlyJsonReader;

namespace Workbench.Tests.Plotting;

/// <summary>Grid subplots: layout.grid, traces on x{n}/y{n} counted row by row, per-subplot axes as layout.xaxis{n}.</summary>
public class SubplotJsonTests
{
    private static readonly double[] A = [1, 2];

    [Fact]
    public void Grid_layout_and_axis_refs_are_row_major()
    {
        var figure = Figure.Grid(2, 3)
            .Line(A, A)
            .In(1, 2).Line(A, A)
            .In(2, 1).Heatmap(new double[,] { { 1, 2 } })
            .In(2, 3).Bar(new[] { "a", "b" }, A);
        var json = Parse(figure);
        var grid = json["layout"]!["grid"]!;
        Assert.Equal(2, grid["rows"]!.GetValue<int>());
        Assert.Equal(3, grid["columns"]!.GetValue<int>());
        Assert.Equal("independent", Text(grid["pattern"]));

        var data = json["data"]!.AsArray();
        Assert.False(data[0]!.AsObject().ContainsKey("xaxis"));
        Assert.Equal(("x2", "y2"), (Text(data[1]!["xaxis"]), Text(data[1]!["yaxis"])));
        Assert.Equal(("x4", "y4"), (Text(data[2]!["xaxis"]), Text(data[2]!["yaxis"])));
        Assert.Equal(("x6", "y6"), (Text(data[3]!["xaxis"]), Text(data[3]!["yaxis"])));
    }

    [Fact]
    public void Axis_titles_go_to_the_current_cell()
    {
        var layout = Layout(Figure.Grid(1, 2)
            .Line(A, A).XAxis("epoch").YAxis("loss", log: true)
            .In(1, 2).Heatmap(new double[,] { { 1 } }).XAxis("in").YAxis("out", reversed: true));
        Assert.Equal("epoch", Text(layout["xaxis"]!["title"]!["text"]));
        Assert.Equal("log", Text(layout["yaxis"]!["type"]));
        Assert.Equal("in", Text(layout["xaxis2"]!["title"]!["text"]));
        Assert.Equal("out", Text(layout["yaxis2"]!["title"]!["text"]));
        Assert.Equal("reversed", Text(layout["yaxis2"]!["autorange"]));
        Assert.False(layout["yaxis2"]!.AsObject().ContainsKey("type"));
    }

    [Fact]
    public void Vertical_line_in_a_subplot_refers_to_its_axes()
    {
        var shape = Layout(Figure.Grid(1, 2).In(1, 2).Histogram(A).VLine(1.5))["shapes"]![0]!;
        Assert.Equal("x2", Text(shape["xref"]));
        Assert.Equal("y2 domain", Text(shape["yref"]));
    }

    [Fact]
    public void Cells_outside_the_grid_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Figure.Grid(2, 2).In(3, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Figure.Grid(2, 2).In(1, 0));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Figure().In(1, 2));
        Assert.Contains("Figure.Grid", e.Message);
    }

    [Fact]
    public void An_explicit_axis_on_an_added_trace_is_kept()
    {
        var trace = new ScatterTrace { X = A, Y = A, XAxis = "x3", YAxis = "y3" };
        var json = Trace(Figure.Grid(2, 2).In(1, 2).Add(trace), 0);
        Assert.Equal("x3", Text(json["xaxis"]));
    }
}
