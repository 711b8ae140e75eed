using Workbench.Torch;

namespace Workbench.Plotting;

/// <summary>
/// Copies a tensor's values out for a figure. The figure is a snapshot: it must not hold a native
/// handle that the caller will dispose, so the values are read as doubles at once.
/// </summary>
public static class TensorValues
{
    /// <summary>A 1-D tensor as doubles, e.g. for Chart.Line(x, y).</summary>
    public static double[] Vector(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var shape = tensor.Shape;
        if (shape.Length != 1)
            throw new ArgumentException($"a plot array needs a 1-D tensor, but this one has shape [{string.Join(", ", shape)}]; flatten or index it first", nameof(tensor));
        return Doubles(tensor);
    }

    /// <summary>A 2-D tensor as rows of doubles, e.g. for Chart.Heatmap.</summary>
    public static double[][] Matrix(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var shape = tensor.Shape;
        if (shape.Length != 2)
            throw new ArgumentException($"a plot matrix needs a 2-D tensor, but this one has shape [{string.Join(", ", shape)}]; reshape it first (e.g. out×in for a kernel mask)", nameof(tensor));
        var flat = Doubles(tensor);
        int rows = (int)shape[0], columns = (int)shape[1];
        return [.. Enumerable.Range(0, rows).Select(r => flat.AsSpan(r * columns, columns).ToArray())];
    }

    private static double[] Doubles(Tensor tensor)
    {
        // ToArray copies to the CPU contiguously; only the dtype must match. Detach first so the
        // conversion does not record an autograd node for a parameter.
        if (tensor.DType == DType.Float64) return tensor.ToArray<double>();
        using var detached = tensor.Detach();
        using var asDouble = detached.To(DType.Float64);
        return asDouble.ToArray<double>();
    }
}
