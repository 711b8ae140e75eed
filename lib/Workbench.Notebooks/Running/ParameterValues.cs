using System.Globalization;
using Microsoft.CodeAnalysis.CSharp;

namespace Workbench.Notebooks.Running;

/// <summary>
/// A command-line value as a C# expression of the parameter's declared type: strings quoted, numbers and
/// bools checked and written with the literal suffix the type needs. A parameter of any other type takes
/// the value as C# code (<c>-p device=Device.Cuda</c>).
/// </summary>
internal static class ParameterValues
{
    private static readonly Dictionary<string, Type> Types = new(StringComparer.Ordinal)
    {
        ["bool"] = typeof(bool), ["byte"] = typeof(byte), ["sbyte"] = typeof(sbyte), ["short"] = typeof(short),
        ["ushort"] = typeof(ushort), ["int"] = typeof(int), ["uint"] = typeof(uint), ["long"] = typeof(long),
        ["ulong"] = typeof(ulong), ["float"] = typeof(float), ["double"] = typeof(double), ["decimal"] = typeof(decimal),
        ["char"] = typeof(char), ["string"] = typeof(string),
    };

    public static string ToCSharp(string name, string? declaredType, string value)
    {
        if (declaredType is null || Known(declaredType) is not { } type) return value;
        if (type == typeof(string)) return SymbolDisplay.FormatLiteral(value, quote: true);
        object parsed;
        try
        {
            parsed = Convert.ChangeType(value.Trim(), type, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is FormatException or OverflowException or InvalidCastException)
        {
            throw new ArgumentException($"parameter '{name}' is {Article(declaredType)} {declaredType}, and '{value}' is not one");
        }
        return parsed switch
        {
            bool b => b ? "true" : "false",
            char c => SymbolDisplay.FormatLiteral(c, quote: true),
            float f => float.IsFinite(f) ? f.ToString("R", CultureInfo.InvariantCulture) + "f" : $"float.Parse(\"{f.ToString(CultureInfo.InvariantCulture)}\")",
            double d => double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) + "d" : $"double.Parse(\"{d.ToString(CultureInfo.InvariantCulture)}\")",
            decimal m => m.ToString(CultureInfo.InvariantCulture) + "m",
            long l => l.ToString(CultureInfo.InvariantCulture) + "L",
            ulong u => u.ToString(CultureInfo.InvariantCulture) + "UL",
            uint u => u.ToString(CultureInfo.InvariantCulture) + "U",
            IFormattable other => other.ToString(null, CultureInfo.InvariantCulture),
            _ => parsed.ToString()!,
        };
    }

    // "int?" takes the same values as "int"; "System.Int32" and "Int32" are "int".
    private static Type? Known(string declared)
    {
        var name = declared.TrimEnd('?').Replace("System.", "", StringComparison.Ordinal);
        return Types.TryGetValue(name, out var type) ? type : Types.Values.FirstOrDefault(t => t.Name == name);
    }

    private static string Article(string word) => "aeiouAEIOU".Contains(word[0]) ? "an" : "a";
}
