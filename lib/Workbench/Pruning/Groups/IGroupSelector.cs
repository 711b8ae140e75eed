using Workbench.Graph;
using Workbench.Pruning.Selection;

namespace Workbench.Pruning.Groups;

/// <summary>Chooses which units of a channel group to remove at a ratio (of the units still alive).</summary>
public interface IGroupSelector
{
    string Name { get; }

    GroupSelection Select(ChannelGroup group, double ratio);
}

/// <summary>The chosen units, and for the search every candidate tried with its score.</summary>
public sealed record GroupSelection(GroupChoice Choice, IReadOnlyList<CandidateScore> Candidates);
