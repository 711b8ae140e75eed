using Workbench.Plotting;
using Workbench.Torch;
using static Workbench.Tests.Plotting.PlotlyJsonReader;

namespace Workbench.Tests.Plotting;

/// <summary>Tensors plot: 1-D as arrays, 2-D as heatmap matrices, whatever their dtype.</summary>
public class TensorInputTests
{
    [Fact]
    public void One_dimensional_tensors_become_arrays()
    {
        using var x = Tensor.Arange(3);
        using var y = Tensor.From(new[] { 0.5f, 1.25f, -2f });
        var trace = Trace(Charts.Curves("t", "x", "y", [("s", TensorValues.Vector(x), TensorValues.Vector(y))]), 0);
        Assert.Equal([0.0, 1, 2], Numbers(trace["x"]));
        Assert.Equal([0.5, 1.25, -2], Numbers(trace["y"]));
    }

    [Fact]
    public void Two_dimensional_tensor_becomes_z_rows()
    {
        using var mask = Tensor.From(new[] { 1f, 0f, 1f, 0f, 0f, 1f }, 2, 3);
        var rows = Trace(Charts.Heatmap("mask", mask), 0)["z"]!.AsArray();
        Assert.Equal([1.0, 0, 1], Numbers(rows[0]));
        Assert.Equal([0.0, 0, 1], Numbers(rows[1]));
    }

    [Fact]
    public void Non_contiguous_and_grad_tensors_read_in_logical_order()
    {
        using var m = Tensor.From(new[] { 1.0, 2, 3, 4, 5, 6 }, 2, 3);
        using var t = m.T;
        var z = PlotMatrix.Of(t);
        Assert.Equal((3, 2), (z.Rows, z.Columns));
        Assert.Equal(4.0, z[0, 1]);
        using var w = Tensor.Ones([3], DType.Float32, requiresGrad: true);
        Assert.Equal([1.0, 1, 1], TensorValues.Vector(w));
    }

    [Fact]
    public void Wrong_rank_is_rejected_with_the_shape()
    {
        using var cube = Tensor.Zeros(2, 2, 2);
        var e = Assert.Throws<ArgumentException>(() => TensorValues.Vector(cube));
        Assert.Contains("[2, 2, 2]", e.Message);
        Assert.Throws<ArgumentException>(() => PlotMatrix.Of(cube));
    }
}
