using System.Collections;
using System.Globalization;

namespace Workbench.Notebooks.Formatting;

/// <summary>
/// The text/plain of a value: its ToString, except that sequences (whose ToString is only a type name)
/// show their first items, as C# Interactive does.
/// </summary>
internal static class PlainText
{
    private const int MaxItems = 20;

    public static string Of(object value)
    {
        if (value is string s) return s;
        if (value is IFormattable f) return f.ToString(null, CultureInfo.InvariantCulture);
        if (value is IEnumerable items && !OverridesToString(value.GetType())) return Sequence(value.GetType(), items);
        return value.ToString() ?? "";
    }

    private static string Sequence(Type type, IEnumerable items)
    {
        var shown = new List<string>();
        var more = false;
        foreach (var item in items)
        {
            if (shown.Count == MaxItems) { more = true; break; }
            shown.Add(item is null ? "null" : item is string text ? $"\"{text}\"" : Of(item));
        }
        var count = items is ICollection c ? $"({c.Count})" : "";
        return $"{TypeNames.Of(Shown(type))}{count} {{ {string.Join(", ", shown)}{(more ? ", ..." : "")} }}";
    }

    // LINQ's iterators (ListSelectIterator<LayerStats, LayerRow>) are internal types: a reader knows them as IEnumerable<T>.
    private static Type Shown(Type type) =>
        type.IsVisible ? type
        : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>)) ?? typeof(IEnumerable);

    private static bool OverridesToString(Type type) =>
        type.GetMethod(nameof(ToString), Type.EmptyTypes)?.DeclaringType is { } declaring && declaring != typeof(object);
}
