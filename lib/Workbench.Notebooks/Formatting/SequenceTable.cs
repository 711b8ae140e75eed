using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;
using Workbench.Notebooks.Execution;

namespace Workbench.Notebooks.Formatting;

/// <summary>
/// A table for a sequence of records or tuples (one row per item, one column per property or tuple element):
/// headers are the property names in words, numbers rounded (<see cref="TableCell"/>), as HTML and as aligned
/// text (<see cref="TextTable"/>). Jupyter's own style right-aligns every cell, which makes a column of names
/// hard to read, so text is left-aligned.
/// </summary>
internal static class SequenceTable
{
    public static MimeBundle? TryFormat(IEnumerable sequence)
    {
        if (ElementType(sequence.GetType()) is not { } element || Columns(element) is not { Count: > 0 } columns) return null;
        var rows = new List<string[]>();
        long more = 0;
        foreach (var item in sequence)
        {
            if (rows.Count == TextTable.MaxRows) { more++; continue; }
            rows.Add(columns.Select(column => TableCell.Text(column.Read(item))).ToArray());
        }
        return new TextTable(columns.Select(c => new TextTable.Column(ColumnHeader.Of(c.Name), TableCell.IsNumeric(c.Type))).ToList(), rows, more).Bundle();
    }

    private sealed record Column(string Name, Type Type, Func<object?, object?> Read);

    private static Type? ElementType(Type type) =>
        type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            ?.GetGenericArguments()[0];

    private static List<Column>? Columns(Type element)
    {
        if (element.IsAssignableTo(typeof(ITuple)) && element.IsValueType)
            return element.GetFields().Select(f => new Column(f.Name, f.FieldType, o => o is null ? null : f.GetValue(o))).ToList();
        // Records are recognised by the PrintMembers method the compiler gives every record class and struct.
        if (element.GetMethod("PrintMembers", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public) is null) return null;
        return element.GetProperties(BindingFlags.Instance | BindingFlags.Public)
            .Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
            .Select(p => new Column(p.Name, p.PropertyType, o => o is null ? null : p.GetValue(o))).ToList();
    }
}
