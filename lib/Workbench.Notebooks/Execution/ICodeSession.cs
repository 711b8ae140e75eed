namespace Workbench.Notebooks.Execution;

/// <summary>
/// One interactive session executing cells in order, with state carried from cell to cell.
/// The .ipynb runner and the Jupyter kernel both drive sessions through this interface.
/// </summary>
public interface ICodeSession : IDisposable
{
    /// <summary>Executions so far; the next cell gets ExecutionCount + 1.</summary>
    int ExecutionCount { get; }

    /// <summary>
    /// Runs one cell. Outputs go to <paramref name="output"/> while it runs. Cancelling
    /// <paramref name="cancellation"/> interrupts it (the ambient <see cref="Workbench.Interrupt"/> is triggered),
    /// and the outcome is then an error; the session stays usable.
    /// </summary>
    Task<CellOutcome> ExecuteAsync(string code, IOutputSink output, CancellationToken cancellation = default);

    Task<CodeCompleteness> IsCompleteAsync(string code);

    Task<Completion> CompleteAsync(string code, int cursorPosition);
}
