using Workbench.Notebooks.Execution;

namespace Workbench.Notebooks.Running;

/// <summary>The cell that stopped a run: its number in the notebook (from 1) and its error.</summary>
public sealed record CellFailure(int CellNumber, CellError Error)
{
    public override string ToString() => $"cell {CellNumber} failed: {Error.Name}: {Error.Message}";
}

/// <summary>What a run did: cells run of those to run, time taken, where the notebook was written, and any failure.</summary>
public sealed record RunSummary(string OutputPath, int CellsRun, int CellsToRun, TimeSpan Elapsed, CellFailure? Failure)
{
    public bool Succeeded => Failure is null;
}
