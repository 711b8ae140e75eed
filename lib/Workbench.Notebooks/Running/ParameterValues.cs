using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Workbench.Notebooks.Execution;

namespace Workbench.Notebooks.Running;

/// <summary>
/// A command-line value as a C# expression of the parameter's declared type. Strings are quoted; numbers,
/// bools and chars are parsed strictly and invariantly (<c>0,5</c> is no double: a comma is neither a decimal
/// point nor, here, a thousands separator) and written with the suffix their type needs; arrays and lists of
/// those take comma-separated items; a Device takes cpu, cuda, cuda:N or auto. A parameter of any other type
/// takes the value as one C# expression (<c>-p model=Models.Resnet20()</c>).
/// </summary>
internal static class ParameterValues
{
    public static string ToCSharp(string name, ParameterDeclaration declared, string value)
    {
        if (declared.Type is { } type && ScalarLiterals.TypeNamed(type) is { } scalar)
            return ScalarLiterals.Parse(scalar, value) ?? throw NotA(name, type, value);
        if (declared.Type is { } sequenceType && Sequence(sequenceType) is { } sequence)
            return SequenceOf(name, sequenceType, sequence, value);
        if (IsDevice(declared)) return DeviceOf(name, value);
        if (IsOneExpression(value)) return value;
        throw new ArgumentException(declared.Type is { } other
            ? $"parameter '{name}' is {Article(other)} {other}, which workbench run does not read from text, so its value must be one C# expression of that type, and '{value}' is not one"
            : $"parameter '{name}' is declared as 'var {name} = {declared.Initializer}', so workbench run cannot tell its type and its value must be one C# expression, and '{value}' is not one; declare its type (int[], string, ...) to pass a plain value");
    }

    private sealed record SequenceType(string Element, Type ElementType, bool IsList);

    // int[], List<int>, IReadOnlyList<string>, ...: collections of a scalar that a comma-separated value can fill.
    private static SequenceType? Sequence(string declared)
    {
        var type = declared.Replace(" ", "", StringComparison.Ordinal).Replace("System.Collections.Generic.", "", StringComparison.Ordinal);
        if (type.EndsWith("[]", StringComparison.Ordinal))
            return ScalarLiterals.TypeNamed(type[..^2]) is { } element ? new SequenceType(type[..^2], element, false) : null;
        var open = type.IndexOf('<');
        if (open < 0 || !type.EndsWith('>')) return null;
        var generic = type[..open];
        var argument = type[(open + 1)..^1];
        if (ScalarLiterals.TypeNamed(argument) is not { } item) return null;
        return generic switch
        {
            "List" => new SequenceType(argument, item, true),
            "IReadOnlyList" or "IList" or "IEnumerable" or "IReadOnlyCollection" or "ICollection" => new SequenceType(argument, item, false),
            _ => null,
        };
    }

    private static string SequenceOf(string name, string declared, SequenceType sequence, string value)
    {
        var items = value.Trim().Length == 0 ? [] : value.Split(',').Select(item => sequence.ElementType == typeof(string) ? item.Trim() : item);
        var literals = items.Select(item => ScalarLiterals.Parse(sequence.ElementType, item)
            ?? throw new ArgumentException($"parameter '{name}' is {Article(declared)} {declared}, given as comma-separated items, and '{item.Trim()}' in '{value}' is not {Article(sequence.Element)} {sequence.Element}"));
        var body = string.Join(", ", literals);
        return sequence.IsList ? $"new System.Collections.Generic.List<{sequence.Element}> {{ {body} }}" : $"new {sequence.Element}[] {{ {body} }}";
    }

    // Device is the workbench's own type, so its command-line spelling is known: the one Device.Parse reads.
    private static bool IsDevice(ParameterDeclaration declared) =>
        declared.Type?.TrimEnd('?') is "Device" or "Workbench.Torch.Device" || (declared.Type is null && declared.InitializerReceiver == "Device");

    private static string DeviceOf(string name, string value)
    {
        var word = value.Trim().ToLowerInvariant();
        if (word is "cpu" or "cuda" or "auto" || (word.StartsWith("cuda:", StringComparison.Ordinal) && uint.TryParse(word.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            return $"Device.Parse(\"{word}\")";
        // A lone word is a misspelt device far more often than the name of a variable defined before the parameters.
        if (IsOneExpression(value) && !SyntaxFacts.IsValidIdentifier(value.Trim())) return value;
        throw new ArgumentException($"parameter '{name}' is a Device: give cpu, cuda, cuda:N or auto (or C# code such as Device.Cuda(1)), and '{value}' is none of these");
    }

    private static bool IsOneExpression(string code)
    {
        var expression = SyntaxFactory.ParseExpression(code, options: Completeness.ScriptParsing);
        return !expression.IsMissing && !expression.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error);
    }

    private static ArgumentException NotA(string name, string type, string value) =>
        new($"parameter '{name}' is {Article(type)} {type}, and '{value}' is not one" +
            (value.Contains(',') && ScalarLiterals.TypeNamed(type) is { } t && ScalarLiterals.IsNumber(t)
                ? " (numbers take '.' as the decimal point and no thousands separators)" : ""));

    private static string Article(string word) => "aeiouAEIOU".Contains(word[0]) ? "an" : "a";
}
