using Workbench.Nn;

namespace Workbench.Pruning.Selection;

/// <summary>Chooses which units of a layer to remove at a ratio (of the units still alive).</summary>
public interface ISelector
{
    string Name { get; }

    SelectionResult Select(ConvLayer layer, Granularity granularity, double ratio);
}

/// <summary>The chosen units, and for searching selectors every candidate tried with its score.</summary>
public sealed record SelectionResult(UnitChoice Choice, IReadOnlyList<CandidateScore> Candidates)
{
    public SelectionResult(UnitChoice choice) : this(choice, []) { }
}

/// <summary>One candidate mask's result on the validation subset.</summary>
public sealed record CandidateScore(int Index, double Mcr, double Loss);
