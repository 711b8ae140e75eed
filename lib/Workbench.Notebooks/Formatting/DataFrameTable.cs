using System.Collections;
using System.Reflection;
using Workbench.Notebooks.Execution;

namespace Workbench.Notebooks.Formatting;

/// <summary>
/// A Microsoft.Data.Analysis <c>DataFrame</c> as a table (<see cref="TextTable"/>): its column names as they
/// are, its first rows with the tables' rounding. Polyglot showed it as an HTML table through the package's
/// own notebook extension; without one it read as run-together text.
/// </summary>
/// <remarks>
/// Read by reflection, not by referencing the package: a notebook brings its own version with <c>#r</c>, and
/// the engine should not pull in the data-frame library (Arrow, ML.NET's data view) for every notebook.
/// </remarks>
internal static class DataFrameTable
{
    private const string DataFrame = "Microsoft.Data.Analysis.DataFrame", Column = "Microsoft.Data.Analysis.DataFrameColumn";

    public static MimeBundle? TryFormat(object value)
    {
        if (value.GetType().FullName != DataFrame || Read(value, "Columns") is not IEnumerable columnCollection) return null;
        var columns = columnCollection.Cast<object>().ToList();
        var length = columns.Count == 0 ? 0 : Convert.ToInt64(Read(columns[0], "Length"));
        var cells = columns.Select(CellReader).ToList();
        var shown = Math.Min(length, TextTable.MaxRows);
        var rows = new List<string[]>();
        for (long r = 0; r < shown; r++) rows.Add(cells.Select(read => TableCell.Text(read(r))).ToArray());
        var headers = columns.Select(c => new TextTable.Column(Read(c, "Name") as string ?? "", Read(c, "DataType") is Type t && TableCell.IsNumeric(t))).ToList();
        return new TextTable(headers, rows, length - shown).Bundle();
    }

    private static object? Read(object target, string property) => target.GetType().GetProperty(property)?.GetValue(target);

    // The base class's object indexer: typed columns hide it with their own (T? this[long]), so ask the base class.
    private static Func<long, object?> CellReader(object column)
    {
        var type = column.GetType();
        while (type is not null && type.FullName != Column) type = type.BaseType;
        var indexer = type?.GetProperty("Item", BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly, null, null, [typeof(long)], null);
        return row => indexer?.GetValue(column, [row]);
    }
}
