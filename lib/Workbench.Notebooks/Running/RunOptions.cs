namespace Workbench.Notebooks.Running;

/// <summary>How <see cref="NotebookRunner"/> runs a notebook.</summary>
public sealed record RunOptions
{
    /// <summary>
    /// Where the executed notebook goes; null writes it beside the input as NAME.executed.ipynb
    /// (<see cref="NotebookRunner.DefaultOutputPath"/>). The input itself is refused unless <see cref="InPlace"/>.
    /// </summary>
    public string? OutputPath { get; init; }

    /// <summary>Write the outputs into the input notebook itself, as nbconvert's --inplace does.</summary>
    public bool InPlace { get; init; }

    /// <summary>Overrides for the parameters cell, name → value as typed on a command line.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>The longest one cell may run before it is interrupted and the run fails; null for no limit.</summary>
    public TimeSpan? CellTimeout { get; init; }

    /// <summary>How long an interrupted or timed-out cell may take to stop (see <see cref="Execution.CSharpSession"/>).</summary>
    public TimeSpan InterruptGrace { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Told when each code cell starts and ends.</summary>
    public Action<CellProgress>? Progress { get; init; }

    /// <summary>
    /// Told when the process ends while a cell runs (the cell called Environment.Exit), on the thread ending
    /// it: the notebook is saved by then, the cell's progress reported finished, and the summary names the
    /// cell. The run's own result never comes; the process exits with the cell's code, or 1 for 0.
    /// </summary>
    public Action<RunSummary>? ProcessEnding { get; init; }
}
