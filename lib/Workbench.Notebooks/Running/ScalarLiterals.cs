using System.Globalization;
using System.Numerics;
using Microsoft.CodeAnalysis.CSharp;

namespace Workbench.Notebooks.Running;

/// <summary>
/// Text typed on a command line as a C# literal of a built-in type, parsed strictly: numbers in the invariant
/// culture with no thousands separators (so "0,5" and "1,000" are refused rather than read as 5 and 1000),
/// bools as true/false, a char as exactly one character.
/// </summary>
internal static class ScalarLiterals
{
    private static readonly Dictionary<string, Type> Types = new(StringComparer.Ordinal)
    {
        ["bool"] = typeof(bool), ["byte"] = typeof(byte), ["sbyte"] = typeof(sbyte), ["short"] = typeof(short),
        ["ushort"] = typeof(ushort), ["int"] = typeof(int), ["uint"] = typeof(uint), ["long"] = typeof(long),
        ["ulong"] = typeof(ulong), ["float"] = typeof(float), ["double"] = typeof(double), ["decimal"] = typeof(decimal),
        ["char"] = typeof(char), ["string"] = typeof(string),
    };

    /// <summary>The type a declaration names, if it is one of these: "int?" takes the values of "int"; "System.Int32" and "Int32" are "int".</summary>
    public static Type? TypeNamed(string declared)
    {
        var name = declared.Trim().TrimEnd('?').Replace("System.", "", StringComparison.Ordinal);
        return Types.TryGetValue(name, out var type) ? type : Types.Values.FirstOrDefault(t => t.Name == name);
    }

    public static bool IsNumber(Type type) => type != typeof(bool) && type != typeof(char) && type != typeof(string);

    /// <summary>The C# literal for <paramref name="text"/> as <paramref name="type"/>, or null when it is not one.</summary>
    public static string? Parse(Type type, string text)
    {
        if (type == typeof(string)) return SymbolDisplay.FormatLiteral(text, quote: true);
        if (type == typeof(bool)) return bool.TryParse(text.Trim(), out var b) ? (b ? "true" : "false") : null;
        if (type == typeof(char))
            return (text.Length == 1 ? text : text.Trim()) is [var c] ? SymbolDisplay.FormatLiteral(c, quote: true) : null;
        return Type.GetTypeCode(type) switch
        {
            TypeCode.Byte => Integer<byte>(text, ""),
            TypeCode.SByte => Integer<sbyte>(text, ""),
            TypeCode.Int16 => Integer<short>(text, ""),
            TypeCode.UInt16 => Integer<ushort>(text, ""),
            TypeCode.Int32 => Integer<int>(text, ""),
            TypeCode.UInt32 => Integer<uint>(text, "U"),
            TypeCode.Int64 => Integer<long>(text, "L"),
            TypeCode.UInt64 => Integer<ulong>(text, "UL"),
            TypeCode.Single => Real<float>(text, "f", "float"),
            TypeCode.Double => Real<double>(text, "d", "double"),
            TypeCode.Decimal => decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var m) ? m.ToString(CultureInfo.InvariantCulture) + "m" : null,
            _ => null,
        };
    }

    private static string? Integer<T>(string text, string suffix) where T : IBinaryInteger<T> =>
        T.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value.ToString(null, CultureInfo.InvariantCulture) + suffix : null;

    // Infinities and NaN have no literal: they are written as a parse of their invariant spelling.
    private static string? Real<T>(string text, string suffix, string keyword) where T : IFloatingPointIeee754<T> =>
        !T.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? null
        : T.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) + suffix
        : $"{keyword}.Parse(\"{value.ToString(null, CultureInfo.InvariantCulture)}\", System.Globalization.CultureInfo.InvariantCulture)";
}
