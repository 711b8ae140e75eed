using Workbench.Graph;

namespace Workbench.Pruning.Groups;

/// <summary>The lowest-scoring units by a criterion (L1, L2, random).</summary>
public sealed class GroupCriterionSelector(IGroupCriterion criterion) : IGroupSelector
{
    public string Name => criterion.Name;

    public GroupSelection Select(ChannelGroup group, double ratio) => new(GroupChoice.LowestScores(group, criterion.Score(group), ratio), []);
}
