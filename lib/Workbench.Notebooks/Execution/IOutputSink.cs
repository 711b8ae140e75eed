namespace Workbench.Notebooks.Execution;

/// <summary>Where a running cell's outputs go: the .ipynb runner collects them, the kernel publishes them on iopub.</summary>
public interface IOutputSink
{
    /// <summary>Text written to Console.Out ("stdout") or Console.Error ("stderr").</summary>
    void Stream(string name, string text);

    /// <summary>A display_data output; <paramref name="displayId"/> lets later updates replace it.</summary>
    void Display(MimeBundle bundle, string? displayId);

    /// <summary>An update_display_data: replaces the earlier output shown with <paramref name="displayId"/>.</summary>
    void UpdateDisplay(MimeBundle bundle, string displayId);

    /// <summary>
    /// Asks whoever shows the outputs for a line of input (<paramref name="password"/>: typed unseen) and waits for it.
    /// Outputs that cannot ask throw <see cref="StdinNotImplementedException"/>.
    /// </summary>
    string ReadInput(string prompt, bool password) =>
        throw new StdinNotImplementedException("the cell asked for input (Console.ReadLine or Kernel.GetInputAsync), but it runs without a front end to ask; pass the value in instead (a parameter cell, a file)");
}
