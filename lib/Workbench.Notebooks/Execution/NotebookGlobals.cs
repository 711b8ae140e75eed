using Microsoft.AspNetCore.Html;
using Workbench.Notebooks.Formatting;

namespace Workbench.Notebooks.Execution;

/// <summary>
/// The globals every cell sees: <c>display(value)</c> shows a value now (display_data), wherever it is in
/// the cell, and returns a handle to update it. Public because compiled cells reference it.
/// </summary>
public sealed class NotebookGlobals
{
    private readonly CellStreams streams;

    internal NotebookGlobals(CellStreams streams) => this.streams = streams;

    /// <summary>Shows <paramref name="value"/> as a display_data output (null shows nothing).</summary>
    /// <remarks>Lower case on purpose: the name Jupyter users know from IPython.</remarks>
    public DisplayHandle display(object? value)
    {
        var handle = new DisplayHandle(streams, Guid.NewGuid().ToString("N"));
        if (NotebookFormatter.Format(value) is { } bundle) streams.Display(bundle, handle.DisplayId);
        return handle;
    }

    /// <summary>
    /// Shows a progress line labelled <paramref name="label"/> and returns it: pass it as a trainer's
    /// <c>Progress</c>, or report counts and status lines to it.
    /// </summary>
    public NotebookProgress progress(string label) => new(display(NotebookProgress.Start(label)), label);

    /// <summary>The same as <see cref="display"/>, in .NET casing.</summary>
    public DisplayHandle Display(object? value) => display(value);

    /// <summary>Marks <paramref name="content"/> as HTML: left as a cell's value or displayed, it shows as text/html, not as text.</summary>
    /// <remarks>Polyglot's <c>Kernel.HTML</c>, which its C# kernel put in scope unqualified.</remarks>
    public IHtmlContent HTML(string content) => new HtmlString(content);

    /// <summary>Runs <paramref name="code"/> in the front end: shows it at once as a text/html script element, as Polyglot's <c>Javascript(...)</c> did.</summary>
    public void Javascript(string code) =>
        streams.Display(new MimeBundle(new Dictionary<string, object> { ["text/html"] = $"<script type=\"text/javascript\">{code}</script>" }), Guid.NewGuid().ToString("N"));
}
