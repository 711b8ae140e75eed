using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Html;
using Microsoft.DotNet.Interactive.Formatting;
using Microsoft.DotNet.Interactive.Formatting.TabularData;
using Workbench.Notebooks.Execution;

namespace Workbench.Notebooks.Formatting;

/// <summary>
/// Polyglot Notebooks' formatting API as its users write it (<c>Formatter.Register</c>, <c>ResetToDefault</c>,
/// <c>SetPreferredMimeTypesFor</c>, PocketView, <c>HTML(...)</c>, <c>LaTeXString</c>, <c>x.Display()</c>,
/// <c>DisplayTable()</c>), answered by the archived Microsoft.DotNet.Interactive.Formatting package itself.
/// </summary>
/// <remarks>
/// Why the package and not our own copy of its API: packages that notebooks reference (Plotly.NET.Interactive,
/// the DataFrame and ML.NET extensions) are compiled against this very assembly. A copy of ours would be a second
/// Microsoft.DotNet.Interactive.Formatting.Formatter beside theirs: cells naming it would not compile (CS0433), and
/// a registration made through one would be invisible to the other, which is the "Formatter.Register is silently
/// ignored" of issue #29. Referencing the package, the host has one copy and packages bind to it (HostAssemblies).
/// It also gives PocketView's exact HTML, which a copy would have to chase. Measured (Release, this machine):
/// the package's static set-up costs about 50 ms at the first value formatted, the first PocketView about 0.1 s
/// more (C#'s dynamic binder), and nothing after; our own formatting stays in charge of every value nobody
/// configured through the API, so charts, tables and tensors keep their workbench output.
/// </remarks>
internal static class PolyglotFormats
{
    // What the package answers for any type nobody configured: its default, HTML.
    private static readonly string[] DefaultMimeTypes = [HtmlFormatter.MimeType];

    /// <summary>
    /// The bundle Polyglot's formatting gives <paramref name="value"/>, when its API was used for it: HTML
    /// content, PocketView and LaTeX, a type with a formatter registered through <c>Formatter.Register</c> or
    /// with preferred MIME types set; null for every other value, which the workbench formats itself.
    /// </summary>
    public static MimeBundle? TryFormat(object value)
    {
        if (value is MathString math) return Bundle([new FormattedValue(MathString.MimeType, math.DisplayMath)]);
        return MimeTypesFor(value) is { } mimeTypes ? Bundle(FormattedValue.CreateManyFromObject(value, mimeTypes)) : null;
    }

    /// <summary>
    /// What the package's own <c>Display()</c> shows (on an object, PocketView's, <c>DisplayTable()</c>): the
    /// MIME types the cell asked for as the package formatted them, otherwise the same as the value left at the
    /// end of a cell.
    /// </summary>
    public static MimeBundle? Of(DisplayedValue displayed)
    {
        if (displayed.Value is not { } value) return null;
        var asked = displayed.FormattedValues.Select(f => f.MimeType);
        return asked.SequenceEqual(Formatter.GetPreferredMimeTypesFor(value.GetType()))
            ? NotebookFormatter.Format(value)
            : Bundle(displayed.FormattedValues);
    }

    public static MimeBundle Bundle(IEnumerable<FormattedValue> values) =>
        new(values.Where(v => !v.SuppressDisplay).DistinctBy(v => v.MimeType).ToDictionary(v => v.MimeType, v => Content(v.MimeType, v.Value)));

    private static string[]? MimeTypesFor(object value)
    {
        var type = value.GetType();
        var preferred = Formatter.GetPreferredMimeTypesFor(type).ToArray();
        if (value is IHtmlContent or LaTeXString or TabularDataResource) return preferred;
        // SetPreferredMimeTypesFor(type, ...) with anything but the default.
        if (type != typeof(string) && !preferred.SequenceEqual(DefaultMimeTypes)) return preferred;
        // Formatter.Register<T>(..., mimeType): the types the user registered are what they want to see.
        var registered = Formatter.RegisteredFormatters(includeDefaults: false)
            .Where(f => f.Type.IsAssignableFrom(type)).Select(f => f.MimeType).Distinct().ToArray();
        return registered.Length > 0 ? registered : null;
    }

    // A Jupyter bundle carries JSON types as JSON, not as a string holding JSON.
    private static object Content(string mimeType, string text)
    {
        var isJson = mimeType == "application/json" || mimeType.EndsWith("+json", StringComparison.Ordinal);
        if (!isJson) return text;
        try { return JsonNode.Parse(text) ?? (object)text; }
        catch (System.Text.Json.JsonException) { return text; }
    }
}
