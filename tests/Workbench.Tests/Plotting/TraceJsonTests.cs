using Workbench.Plotting;
using static Workbench.Tests.Plotting.PlotlyJsonReader;

namespace Workbench.Tests.Plotting;

/// <summary>Each trace type serialises to what plotly.js's schema expects: type, mode, arrays, orientation, z.</summary>
public class TraceJsonTests
{
    private static readonly double[] X = [0.1, 0.2, 0.5];
    private static readonly double[] Y = [1.5, 2.25, -3];

    [Theory]
    [InlineData("lines")]
    [InlineData("markers")]
    [InlineData("lines+markers")]
    public void Scatter_modes(string mode)
    {
        var figure = mode switch
        {
            "lines" => new Figure().Line(X, Y, name: "L1"),
            "markers" => new Figure().Markers(X, Y, name: "L1"),
            _ => new Figure().LinesMarkers(X, Y, name: "L1"),
        };
        var trace = Trace(figure, 0);
        Assert.Equal("scatter", Text(trace["type"]));
        Assert.Equal(mode, Text(trace["mode"]));
        Assert.Equal("L1", Text(trace["name"]));
        Assert.Equal(X.Select(v => (double?)v), Numbers(trace["x"]));
        Assert.Equal(Y.Select(v => (double?)v), Numbers(trace["y"]));
        // Axis refs only for subplots; absent means plotly's "x"/"y".
        Assert.False(trace.ContainsKey("xaxis"));
        Assert.Empty(NullProperties(Parse(figure)));
    }

    [Fact]
    public void Line_style_and_hover_text()
    {
        var trace = Trace(new Figure().Line(X, Y, hoverText: new[] { "a", "b", "c" }, color: "red", dash: "dot"), 0);
        Assert.Equal(["a", "b", "c"], Strings(trace["hovertext"]));
        Assert.Equal("red", Text(trace["line"]!["color"]));
        Assert.Equal("dot", Text(trace["line"]!["dash"]));
        Assert.False(trace.ContainsKey("marker"));
    }

    [Fact]
    public void Vertical_bar_has_categories_on_x()
    {
        var trace = Trace(new Figure().Bar(new[] { "conv1", "conv2" }, new[] { 3.0, 4.0 }, name: "kept"), 0);
        Assert.Equal("bar", Text(trace["type"]));
        Assert.Equal(["conv1", "conv2"], Strings(trace["x"]));
        Assert.Equal([3.0, 4.0], Numbers(trace["y"]));
        Assert.False(trace.ContainsKey("orientation"));
    }

    [Fact]
    public void Horizontal_bar_swaps_axes_and_sets_orientation()
    {
        var trace = Trace(new Figure().Bar(new[] { "conv1", "conv2" }, new[] { 3.0, 4.0 }, horizontal: true), 0);
        Assert.Equal("h", Text(trace["orientation"]));
        Assert.Equal([3.0, 4.0], Numbers(trace["x"]));
        Assert.Equal(["conv1", "conv2"], Strings(trace["y"]));
    }

    [Fact]
    public void Heatmap_has_z_rows_labels_colorscale_and_range()
    {
        var z = new double[,] { { 1, 0, 1 }, { 0, 1, 0 } };
        var trace = Trace(new Figure().Heatmap(z, new[] { "in0", "in1", "in2" }, new[] { "out0", "out1" }, "Greys", zMin: 0, zMax: 1), 0);
        Assert.Equal("heatmap", Text(trace["type"]));
        var rows = trace["z"]!.AsArray();
        Assert.Equal(2, rows.Count);
        Assert.Equal([1.0, 0, 1], Numbers(rows[0]));
        Assert.Equal([0.0, 1, 0], Numbers(rows[1]));
        Assert.Equal(["in0", "in1", "in2"], Strings(trace["x"]));
        Assert.Equal(["out0", "out1"], Strings(trace["y"]));
        Assert.Equal("Greys", Text(trace["colorscale"]));
        Assert.Equal(0.0, trace["zmin"]!.GetValue<double>());
        Assert.Equal(1.0, trace["zmax"]!.GetValue<double>());
        Assert.False(trace.ContainsKey("showscale"));
    }

    [Fact]
    public void Heatmap_from_jagged_rows_and_hidden_scale()
    {
        var trace = Trace(new Figure().Heatmap(new[] { new[] { 1.0, 2 }, new[] { 3.0, 4 } }, showScale: false), 0);
        Assert.Equal([3.0, 4], Numbers(trace["z"]![1]));
        Assert.False(trace["showscale"]!.GetValue<bool>());
        Assert.Throws<ArgumentException>(() => new Figure().Heatmap(new[] { new[] { 1.0, 2 }, new[] { 3.0 } }));
        Assert.Throws<ArgumentException>(() => new Figure().Heatmap(new double[2, 3], x: new[] { "a", "b" }));
    }

    [Fact]
    public void Histogram_has_x_and_nbinsx()
    {
        var trace = Trace(new Figure().Histogram(new[] { 1.0, 2, 2, 3 }, name: "random", bins: 20), 0);
        Assert.Equal("histogram", Text(trace["type"]));
        Assert.Equal([1.0, 2, 2, 3], Numbers(trace["x"]));
        Assert.Equal(20, trace["nbinsx"]!.GetValue<int>());
        Assert.False(trace.ContainsKey("y"));
    }

    [Fact]
    public void Non_finite_values_become_null_gaps()
    {
        var trace = Trace(new Figure().Line(new[] { 1.0, 2, 3, 4 }, new[] { 1.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity }), 0);
        Assert.Equal([1.0, null, null, null], Numbers(trace["y"]));
    }

    [Fact]
    public void Every_array_type_converts()
    {
        var figure = new Figure()
            .Line(new float[] { 0.5f, 1.5f }, new long[] { 3, 4 })
            .Line(new int[] { 1, 2 }, new List<double> { 5, 6 })
            .Line(PlotArray.Of(Enumerable.Range(0, 2).Select(i => i * 0.25)), new[] { "a", "b" });
        Assert.Equal([0.5, 1.5], Numbers(Trace(figure, 0)["x"]));
        Assert.Equal([3.0, 4], Numbers(Trace(figure, 0)["y"]));
        Assert.Equal([1.0, 2], Numbers(Trace(figure, 1)["x"]));
        Assert.Equal([5.0, 6], Numbers(Trace(figure, 1)["y"]));
        Assert.Equal([0.0, 0.25], Numbers(Trace(figure, 2)["x"]));
        Assert.Equal(["a", "b"], Strings(Trace(figure, 2)["y"]));
    }

    [Fact]
    public void Arrays_are_copied_when_the_trace_is_added()
    {
        var y = new[] { 1.0, 2 };
        var figure = new Figure().Line(new[] { 0.0, 1 }, y);
        y[0] = 99;
        Assert.Equal([1.0, 2], Numbers(Trace(figure, 0)["y"]));
    }

    [Fact]
    public void Mismatched_lengths_are_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => new Figure().Line(new[] { 1.0, 2 }, new[] { 1.0 }));
        Assert.Contains("x has 2 values but y has 1", e.Message);
        Assert.Throws<ArgumentException>(() => new Figure().Markers(new[] { 1.0 }, new[] { 1.0 }, hoverText: new[] { "a", "b" }));
        Assert.Throws<ArgumentException>(() => new Figure().Bar(new[] { "a" }, new[] { 1.0, 2 }));
    }
}
