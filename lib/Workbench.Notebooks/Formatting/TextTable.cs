using System.Net;
using System.Text;
using Workbench.Notebooks.Execution;

namespace Workbench.Notebooks.Formatting;

/// <summary>
/// A table of cells already written as text (<see cref="TableCell"/> rounding), shown two ways from the same
/// cells: HTML for notebooks, and aligned text for text/plain (terminals, nbconvert's text exports, viewers
/// without HTML), so both read the same numbers. Numbers right-aligned, text left-aligned.
/// </summary>
internal sealed record TextTable(IReadOnlyList<TextTable.Column> Columns, IReadOnlyList<string[]> Rows, long MoreRows)
{
    public sealed record Column(string Header, bool Numeric);

    public const int MaxRows = 100;

    public MimeBundle Bundle() => new(new Dictionary<string, object> { ["text/plain"] = PlainText(), ["text/html"] = Html() });

    public string Html()
    {
        var html = new StringBuilder("<table><thead><tr>");
        foreach (var column in Columns) html.Append("<th").Append(Align(column)).Append('>').Append(WebUtility.HtmlEncode(column.Header)).Append("</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var row in Rows)
        {
            html.Append("<tr>");
            for (int c = 0; c < Columns.Count; c++) html.Append("<td").Append(Align(Columns[c])).Append('>').Append(WebUtility.HtmlEncode(row[c])).Append("</td>");
            html.Append("</tr>");
        }
        html.Append("</tbody></table>");
        if (MoreRows > 0) html.Append($"<p>… {MoreRows} more rows</p>");
        return html.ToString();
    }

    /// <summary>Header, a rule of dashes, then one line per row; columns two spaces apart, no trailing spaces.</summary>
    public string PlainText()
    {
        var widths = Columns.Select((column, c) => Rows.Select(row => row[c].Length).Append(column.Header.Length).Max()).ToArray();
        var lines = new List<string>
        {
            Line(Columns.Select(column => column.Header).ToArray(), widths),
            string.Join("  ", widths.Select(w => new string('-', w))),
        };
        lines.AddRange(Rows.Select(row => Line(row, widths)));
        if (MoreRows > 0) lines.Add($"… {MoreRows} more rows");
        return string.Join('\n', lines);
    }

    private string Line(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((cell, c) => Columns[c].Numeric ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]))).TrimEnd();

    private static string Align(Column column) => column.Numeric ? " style=\"text-align:right\"" : " style=\"text-align:left\"";
}
