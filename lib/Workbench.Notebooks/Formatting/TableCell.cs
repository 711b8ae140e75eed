using System.Collections;
using System.Globalization;

namespace Workbench.Notebooks.Formatting;

/// <summary>
/// How one value reads in a table cell: numbers rounded to what a reader can compare (four significant
/// digits, whole numbers with thousands separators), sequences inline as [a, b, c] rather than their type
/// name, everything else as its text.
/// </summary>
internal static class TableCell
{
    private const int MaxInlineItems = 10;

    public static string Text(object? value) => value switch
    {
        null => "",
        string s => s,
        double d => Number(d),
        float f => Number(f),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        sbyte or byte or short or ushort or int or uint or long or ulong => ((IFormattable)value).ToString("N0", CultureInfo.InvariantCulture),
        IEnumerable items => Inline(items),
        _ => PlainText.Of(value),
    };

    /// <summary>Whether a column of this type holds numbers, which read best right-aligned.</summary>
    public static bool IsNumeric(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive && t != typeof(bool) && t != typeof(char) || t == typeof(decimal);
    }

    public static string Number(double d)
    {
        if (double.IsNaN(d) || double.IsInfinity(d)) return d.ToString(CultureInfo.InvariantCulture);
        if (d == 0) return "0";
        var magnitude = Math.Abs(d);
        if (magnitude < 1e-3) return d.ToString("0.###E+0", CultureInfo.InvariantCulture);
        if (magnitude >= 1000) return d.ToString("N0", CultureInfo.InvariantCulture);
        // Four significant digits: enough to tell 0.9460 from 0.9315, and no float noise (7.699999999999996).
        var decimals = Math.Max(0, 3 - (int)Math.Floor(Math.Log10(magnitude)));
        return Math.Round(d, decimals).ToString("0." + new string('#', decimals), CultureInfo.InvariantCulture);
    }

    private static string Inline(IEnumerable items)
    {
        var shown = new List<string>();
        var more = false;
        foreach (var item in items)
        {
            if (shown.Count == MaxInlineItems) { more = true; break; }
            shown.Add(Text(item));
        }
        return $"[{string.Join(", ", shown)}{(more ? ", …" : "")}]";
    }
}
