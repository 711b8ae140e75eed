using Workbench.Notebooks.Formatting;

namespace Workbench.Notebooks.Execution;

/// <summary>
/// What <c>display(value)</c> returns: <see cref="Update"/> replaces the shown output in place
/// (update_display_data), for progress plots and tables that change while a cell runs.
/// </summary>
public sealed class DisplayHandle
{
    private readonly CellStreams streams;

    internal DisplayHandle(CellStreams streams, string displayId)
    {
        this.streams = streams;
        DisplayId = displayId;
    }

    public string DisplayId { get; }

    public void Update(object? value)
    {
        if (NotebookFormatter.Format(value) is { } bundle) streams.Update(bundle, DisplayId);
    }

    public override string ToString() => $"display {DisplayId}";
}
