using System.Collections;
using System.Collections.Concurrent;
using Workbench.Notebooks.Execution;
using Workbench.Plotting;

namespace Workbench.Notebooks.Formatting;

/// <summary>
/// Turns a value into the MIME bundle a notebook shows. Lookup order: a formatter registered here for the
/// value's type or its nearest base type, then one registered here for an interface it implements, then what
/// Polyglot's formatting API says about it (a user's <c>Formatter.Register</c> or <c>SetPreferredMimeTypesFor</c>,
/// HTML, PocketView, LaTeX: see <see cref="PolyglotFormats"/>), then a Plotly.NET chart (Plotly's MIME type, HTML,
/// text), then <see cref="IRichDisplay"/>, then tables (data frames, sequences of records or tuples), then text.
/// The registry is process-wide so a cell can register a formatter that later cells use.
/// </summary>
/// <remarks>
/// Not named Formatter: cells import this namespace and Microsoft.DotNet.Interactive.Formatting both, and
/// <c>Formatter.Register</c> in a Polyglot notebook must mean Polyglot's.
/// </remarks>
public static class NotebookFormatter
{
    private static readonly ConcurrentDictionary<Type, Func<object, MimeBundle>> Registered = new();

    /// <summary>Shows every <typeparamref name="T"/> (and type derived from it) with <paramref name="format"/>.</summary>
    public static void Register<T>(Func<T, MimeBundle> format) => Registered[typeof(T)] = value => format((T)value);

    /// <summary>Forgets the formatter registered for exactly <typeparamref name="T"/>.</summary>
    public static void Unregister<T>() => Registered.TryRemove(typeof(T), out _);

    /// <summary>The bundle for <paramref name="value"/>; null for null, which shows nothing.</summary>
    public static MimeBundle? Format(object? value)
    {
        if (value is null) return null;
        if (Find(value.GetType()) is { } registered) return registered(value);
        if (PolyglotFormats.TryFormat(value) is { } polyglot) return polyglot;
        if (value is Plotly.NET.GenericChart chart) return new MimeBundle(ChartDisplay.MimeBundle(chart, PlotlyHtml.ClaimFirstEmbedding()));
        if (value is IRichDisplay rich) return new MimeBundle(rich.ToMimeBundle());
        if (DataFrameTable.TryFormat(value) is { } frame) return frame;
        if (value is IEnumerable sequence and not string && SequenceTable.TryFormat(sequence) is { } table) return table;
        return MimeBundle.PlainText(PlainText.Of(value));
    }

    private static Func<object, MimeBundle>? Find(Type type)
    {
        for (var t = type; t is not null; t = t.BaseType)
            if (Registered.TryGetValue(t, out var format)) return format;
        // Interfaces have no "nearest": take the first registered one the type implements, in declaration order.
        foreach (var i in type.GetInterfaces())
            if (Registered.TryGetValue(i, out var format)) return format;
        return null;
    }
}
