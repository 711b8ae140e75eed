using System.Text;
using System.Text.Json.Nodes;
using Workbench.Notebooks.Execution;
using Workbench.Notebooks.Ipynb;

namespace Workbench.Notebooks.Running;

/// <summary>
/// Gathers one cell's outputs as nbformat JSON, as Jupyter's own clients do: consecutive stream text of
/// the same name becomes one output, and an update replaces the data of the output shown with that id.
/// Thread-safe, and deaf after <see cref="Take"/>: a cell still running in the background cannot change
/// a notebook that is being written.
/// </summary>
internal sealed class OutputCollector : IOutputSink
{
    private readonly object gate = new();
    private readonly List<Entry> entries = [];
    private bool taken;

    private sealed record Entry(JsonObject? Output, string? StreamName, StringBuilder? Text, string? DisplayId);

    public void Stream(string name, string text)
    {
        lock (gate)
        {
            if (taken) return;
            if (entries.Count > 0 && entries[^1].StreamName == name) entries[^1].Text!.Append(text);
            else entries.Add(new Entry(null, name, new StringBuilder(text), null));
        }
    }

    public void Display(MimeBundle bundle, string? displayId)
    {
        lock (gate)
        {
            if (!taken) entries.Add(new Entry(NotebookOutputs.DisplayData(bundle), null, null, displayId));
        }
    }

    public void UpdateDisplay(MimeBundle bundle, string displayId)
    {
        lock (gate)
        {
            if (taken) return;
            foreach (var entry in entries.Where(e => e.DisplayId == displayId))
            {
                entry.Output!["data"] = NotebookOutputs.Data(bundle);
                entry.Output["metadata"] = NotebookOutputs.Metadata(bundle);
            }
        }
    }

    /// <summary>The outputs so far, in order; later writes are ignored.</summary>
    public List<JsonObject> Take()
    {
        lock (gate)
        {
            taken = true;
            return entries.Select(e => e.Output ?? NotebookOutputs.Stream(e.StreamName!, e.Text!.ToString())).ToList();
        }
    }
}
