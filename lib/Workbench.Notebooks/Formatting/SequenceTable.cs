using System.Collections;
using System.Net;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using Workbench.Notebooks.Execution;

namespace Workbench.Notebooks.Formatting;

/// <summary>
/// An HTML table for a sequence of records or tuples (one row per item, one column per property or
/// tuple element), with the text/plain form next to it for consoles. Headers are the property names in
/// words, numbers are rounded and right-aligned, text is left-aligned (Jupyter's own style right-aligns
/// every cell, which makes a column of names hard to read).
/// </summary>
internal static class SequenceTable
{
    private const int MaxRows = 100;

    public static MimeBundle? TryFormat(IEnumerable sequence)
    {
        if (ElementType(sequence.GetType()) is not { } element || Columns(element) is not { Count: > 0 } columns) return null;
        var html = new StringBuilder("<table><thead><tr>");
        foreach (var column in columns) html.Append("<th").Append(Align(column)).Append('>').Append(WebUtility.HtmlEncode(ColumnHeader.Of(column.Name))).Append("</th>");
        html.Append("</tr></thead><tbody>");
        int rows = 0, skipped = 0;
        foreach (var item in sequence)
        {
            if (rows == MaxRows) { skipped++; continue; }
            rows++;
            html.Append("<tr>");
            foreach (var column in columns) html.Append("<td").Append(Align(column)).Append('>').Append(WebUtility.HtmlEncode(TableCell.Text(column.Read(item)))).Append("</td>");
            html.Append("</tr>");
        }
        html.Append("</tbody></table>");
        if (skipped > 0) html.Append($"<p>… {skipped} more rows</p>");
        return new MimeBundle(new Dictionary<string, object> { ["text/plain"] = PlainText.Of(sequence), ["text/html"] = html.ToString() });
    }

    private sealed record Column(string Name, Type Type, Func<object?, object?> Read);

    private static string Align(Column column) => TableCell.IsNumeric(column.Type) ? " style=\"text-align:right\"" : " style=\"text-align:left\"";

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
