using Workbench.Plotting;

namespace Workbench.Similarity;

/// <summary>
/// CKA between every layer of one network (rows) and every layer of another (columns), with the
/// layer names; <see cref="Between"/> computes one, <see cref="ToFigure"/> draws it.
/// </summary>
public sealed partial class CkaMatrix
{
    public CkaMatrix(double[,] values, IReadOnlyList<string> rowLayers, IReadOnlyList<string> columnLayers)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(rowLayers);
        ArgumentNullException.ThrowIfNull(columnLayers);
        if (values.GetLength(0) != rowLayers.Count || values.GetLength(1) != columnLayers.Count)
            throw new ArgumentException($"a {values.GetLength(0)}×{values.GetLength(1)} matrix needs as many row and column names, got {rowLayers.Count} and {columnLayers.Count}");
        Values = values;
        RowLayers = [.. rowLayers];
        ColumnLayers = [.. columnLayers];
    }

    /// <summary>CKA values: [i, j] compares row layer i with column layer j (NaN where a layer is constant).</summary>
    public double[,] Values { get; }

    /// <summary>The first network's layers, one per row.</summary>
    public IReadOnlyList<string> RowLayers { get; }

    /// <summary>The second network's layers, one per column.</summary>
    public IReadOnlyList<string> ColumnLayers { get; }

    public double this[int row, int column] => Values[row, column];

    /// <summary>
    /// A heatmap with the first row at the top and layer names on the axes. Its colours span the values
    /// (from the smallest, rounded down to a multiple of 0.05, up to 1), so drift between 0.72 and 1 shows;
    /// <paramref name="fullRange"/> fixes them to 0..1 instead, to compare matrices across figures. NaN cells are left blank.
    /// </summary>
    public Plotly.NET.GenericChart ToFigure(string title = "Linear CKA", string? rowTitle = null, string? columnTitle = null, bool fullRange = false)
    {
        var finite = Values.Cast<double>().Where(double.IsFinite).ToArray();
        var low = fullRange || finite.Length == 0 ? 0 : Math.Min(0.95, Math.Floor(finite.Min() * 20) / 20);
        // Category axes keep names such as "0" or "1" (children of a top-level Sequential) as
        // labels in this order; plotly would otherwise read them as numbers.
        return Charts.Heatmap(title, Values, [.. ColumnLayers], [.. RowLayers], zMin: low, zMax: 1, xLabel: columnTitle ?? "", yLabel: rowTitle ?? "")
            .WithCategoryAxes();
    }
}
