namespace Workbench.Notebooks.Execution;

/// <summary>
/// One interactive session executing cells in order, with state carried from cell to cell.
/// The .ipynb runner and the Jupyter kernel both drive sessions through this interface.
/// </summary>
public interface ICodeSession : IDisposable
{
    /// <summary>Executions stored in the history so far; the next stored cell gets ExecutionCount + 1.</summary>
    int ExecutionCount { get; }

    /// <summary>
    /// Runs one cell. Outputs go to <paramref name="output"/> while it runs. Cancelling
    /// <paramref name="cancellation"/> interrupts it (the ambient <see cref="Workbench.Interrupt"/> is triggered),
    /// and the outcome is then an error; the session stays usable. With <paramref name="storeHistory"/> false
    /// (Jupyter's silent and store_history=false requests) the code runs the same, but the execution count
    /// stays as it was and the outcome carries the current count.
    /// </summary>
    Task<CellOutcome> ExecuteAsync(string code, IOutputSink output, CancellationToken cancellation = default, bool storeHistory = true);

    Task<CodeCompleteness> IsCompleteAsync(string code);

    Task<Completion> CompleteAsync(string code, int cursorPosition);

    /// <summary>
    /// The documentation of what is named at <paramref name="cursorPosition"/> (a UTF-16 index) as plain text:
    /// its full signature, then its summary where one is known; null when the cursor is on nothing known.
    /// </summary>
    Task<string?> InspectAsync(string code, int cursorPosition);
}
