using Workbench.Notebooks.Execution;

namespace Workbench.Tests.Notebooks;

/// <summary>An output sink that keeps every event in order, for assertions.</summary>
internal sealed class RecordingSink : IOutputSink
{
    private readonly object gate = new();
    private readonly List<(string Kind, string Name, MimeBundle? Bundle, string? Text)> events = [];

    public IReadOnlyList<(string Kind, string Name, MimeBundle? Bundle, string? Text)> Events
    {
        get { lock (gate) return events.ToList(); }
    }

    /// <summary>All text written to <paramref name="name"/> ("stdout" or "stderr"), joined.</summary>
    public string Text(string name = "stdout") => string.Concat(Events.Where(e => e.Kind == "stream" && e.Name == name).Select(e => e.Text));

    public void Stream(string name, string text)
    {
        lock (gate) events.Add(("stream", name, null, text));
    }

    public void Display(MimeBundle bundle, string? displayId)
    {
        lock (gate) events.Add(("display", displayId ?? "", bundle, null));
    }

    public void UpdateDisplay(MimeBundle bundle, string displayId)
    {
        lock (gate) events.Add(("update", displayId, bundle, null));
    }
}
