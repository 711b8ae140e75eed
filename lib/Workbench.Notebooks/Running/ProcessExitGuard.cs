using System.Diagnostics;
using Workbench.Notebooks.Ipynb;

namespace Workbench.Notebooks.Running;

/// <summary>
/// Watches for the process ending while a cell runs. A cell that calls <c>Environment.Exit</c> ends the
/// process from inside the cell: the run's own code never resumes, so without this the notebook kept no
/// trace of that cell, the progress line stayed half written and nothing said why the run stopped.
/// </summary>
internal sealed class ProcessExitGuard : IDisposable
{
    /// <summary>The cell running now: its place in the run, its notebook cell, and what it has written so far.</summary>
    public sealed record Running(int Index, int Number, NotebookCell Cell, OutputCollector Outputs, Stopwatch Clock);

    private readonly object gate = new();
    private readonly Action<Running> ending;
    private Running? current;

    /// <param name="ending">told, on the thread ending the process, which cell was running then</param>
    public ProcessExitGuard(Action<Running> ending)
    {
        this.ending = ending;
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    public void Begin(Running cell)
    {
        lock (gate) current = cell;
    }

    /// <summary>The cell is over: from here the run itself records it.</summary>
    public void End()
    {
        lock (gate) current = null;
    }

    public void Dispose() => AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;

    private void OnProcessExit(object? sender, EventArgs e)
    {
        // Taken under the lock, so the run and this handler never both record the cell.
        Running? cell;
        lock (gate) (cell, current) = (current, null);
        if (cell is not null) ending(cell);
    }
}
