using Workbench.Graph;

namespace Workbench.Pruning.Groups;

/// <summary>Feature-map pruning of any traced network, one group at a time: each group's choice sees the ones masked before it.</summary>
public static class GroupPruner
{
    /// <summary>Removes <paramref name="ratio"/> of the alive units of every prunable group (or of <paramref name="groups"/>), masking as it goes.</summary>
    public static IReadOnlyList<GroupSelection> PruneFeatureMaps(DependencyGraph graph, double ratio, IGroupSelector selector, IEnumerable<ChannelGroup>? groups = null)
    {
        PruneCount.CheckRatio(ratio);
        var selections = new List<GroupSelection>();
        foreach (var group in (groups ?? graph.Groups).Where(g => g.Prunable))
        {
            var selection = selector.Select(group, ratio);
            GroupPruning.Mask(selection.Choice.Removed);
            selections.Add(selection);
        }
        return selections;
    }
}
