using Workbench.Notebooks.Execution;

namespace Workbench.Notebooks.Running;

/// <summary>
/// A code cell starting (<see cref="Finished"/> false) or ending: it is the <see cref="Index"/>-th of
/// <see cref="Total"/> code cells to run and cell <see cref="CellNumber"/> of the notebook (both from 1).
/// </summary>
public sealed record CellProgress(int Index, int Total, int CellNumber, bool Finished, TimeSpan Elapsed, CellError? Error);
