using Workbench.Notebooks.Execution;

namespace Workbench.Notebooks.Kernel;

/// <summary>Where a user expression's side outputs go: nowhere, since only its value belongs in the execute_reply.</summary>
internal sealed class DiscardedOutput : IOutputSink
{
    public void Stream(string name, string text) { }

    public void Display(MimeBundle bundle, string? displayId) { }

    public void UpdateDisplay(MimeBundle bundle, string displayId) { }
}
