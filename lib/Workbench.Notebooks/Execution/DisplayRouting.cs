using System.Runtime.CompilerServices;
using Microsoft.DotNet.Interactive.Formatting;
using Workbench.Notebooks.Formatting;

namespace Workbench.Notebooks.Execution;

/// <summary>
/// Shows Polyglot's displayed values (<see cref="DisplayedValue"/>) in the session whose cell, or a task it
/// started, displayed them: a display_data, and <c>Update</c> an update_display_data of the same display.
/// </summary>
/// <remarks>
/// The package's own <c>Display()</c> and every <c>Update</c> raise one process-wide event; with nobody
/// listening the package prints the value's text on stdout (the kilobyte of chart HTML of issue #29), so this
/// listens once. The package's <c>Display()</c> raises the event with one DisplayedValue and returns another,
/// whose Update then names a display no front end has seen; <see cref="ValueDisplay.Display"/> returns the very
/// handle it showed.
/// </remarks>
internal static class DisplayRouting
{
    // The handles ValueDisplay made, with the MIME types the cell asked for (none: the workbench's formatting).
    private static readonly ConditionalWeakTable<DisplayedValue, string[]> Asked = new();
    private static int installed;

    public static void EnsureInstalled()
    {
        if (Interlocked.Exchange(ref installed, 1) == 0) Formatter.SubscribeToDisplayedValues(Publish);
    }

    /// <summary>Shows <paramref name="value"/> now and returns the handle that updates it.</summary>
    public static DisplayedValue Show(object? value, string[] mimeTypes)
    {
        EnsureInstalled();
        // Formatted by the package only when the cell named MIME types: Update reformats with the same ones.
        var displayed = new DisplayedValue(value!, mimeTypes.Length == 0 ? [] : FormattedValue.CreateManyFromObject(value!, mimeTypes));
        Asked.Add(displayed, mimeTypes);
        Publish(displayed);
        return displayed;
    }

    private static void Publish(DisplayedValue displayed)
    {
        var bundle = Asked.TryGetValue(displayed, out var mimeTypes)
            ? mimeTypes.Length == 0 ? NotebookFormatter.Format(displayed.Value) : PolyglotFormats.Bundle(displayed.FormattedValues)
            : PolyglotFormats.Of(displayed);
        if (bundle is null) return;
        // Outside any cell (a library displaying from the host): its text, as the package would print it.
        if (ConsoleRouting.Streams is not { Sink: not null } streams)
        {
            if (bundle.Data.TryGetValue("text/plain", out var text)) Console.WriteLine(text);
            return;
        }
        if (displayed.IsUpdated) streams.Update(bundle, displayed.DisplayId);
        else streams.Display(bundle, displayed.DisplayId);
    }
}
