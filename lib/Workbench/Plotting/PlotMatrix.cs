using System.Diagnostics.CodeAnalysis;
using Workbench.Torch;

namespace Workbench.Plotting;

/// <summary>
/// A rectangular matrix of numbers (a heatmap's z), row by row: row 0 is the first y label.
/// Two-dimensional arrays, jagged arrays and 2-D tensors convert implicitly; values are copied.
/// </summary>
public sealed class PlotMatrix
{
    private readonly double[][] rows;

    private PlotMatrix(double[][] rows)
    {
        for (int r = 1; r < rows.Length; r++)
            if (rows[r].Length != rows[0].Length)
                throw new ArgumentException($"a matrix must be rectangular, but row {r} has {rows[r].Length} values and row 0 has {rows[0].Length}");
        this.rows = rows;
    }

    public int Rows => rows.Length;

    public int Columns => rows.Length == 0 ? 0 : rows[0].Length;

    public double this[int row, int column] => rows[row][column];

    public static PlotMatrix Of(double[,] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var result = new double[values.GetLength(0)][];
        for (int r = 0; r < result.Length; r++)
        {
            result[r] = new double[values.GetLength(1)];
            for (int c = 0; c < result[r].Length; c++) result[r][c] = values[r, c];
        }
        return new(result);
    }

    public static PlotMatrix Of(IEnumerable<IEnumerable<double>> rows) =>
        new([.. (rows ?? throw new ArgumentNullException(nameof(rows))).Select(r => (r ?? throw new ArgumentException("a matrix row is null", nameof(rows))).ToArray())]);

    public static PlotMatrix Of(float[,] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var copy = new double[values.GetLength(0), values.GetLength(1)];
        for (int r = 0; r < copy.GetLength(0); r++)
            for (int c = 0; c < copy.GetLength(1); c++) copy[r, c] = values[r, c];
        return Of(copy);
    }

    /// <summary>The elements of a 2-D tensor (any dtype, any device): dimension 0 is rows.</summary>
    public static PlotMatrix Of(Tensor tensor) => new(TensorValues.Matrix(tensor));

    [return: NotNullIfNotNull(nameof(values))]
    public static implicit operator PlotMatrix?(double[,]? values) => values is null ? null : Of(values);

    [return: NotNullIfNotNull(nameof(values))]
    public static implicit operator PlotMatrix?(float[,]? values) => values is null ? null : Of(values);

    [return: NotNullIfNotNull(nameof(rows))]
    public static implicit operator PlotMatrix?(double[][]? rows) => rows is null ? null : Of(rows);

    [return: NotNullIfNotNull(nameof(tensor))]
    public static implicit operator PlotMatrix?(Tensor? tensor) => tensor is null ? null : Of(tensor);

    internal IEnumerable<double[]> RowArrays => rows;
}
