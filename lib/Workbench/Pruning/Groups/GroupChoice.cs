using Workbench.Graph;

namespace Workbench.Pruning.Groups;

/// <summary>Which units of one channel group to remove: what every group selector returns and <see cref="GroupPruning.Mask"/> applies.</summary>
public sealed record GroupChoice(ChannelGroup Group, IReadOnlyList<ChannelUnit> Removed)
{
    /// <summary>
    /// Removes the lowest-scoring units still alive (prunable and not yet removed): ⌊ratio · alive⌋ of them
    /// (<see cref="PruneCount"/>), ties to the lower index, and never the group's last channel.
    /// </summary>
    public static GroupChoice LowestScores(ChannelGroup group, double[] scores, double ratio)
    {
        PruneCount.CheckRatio(ratio);
        if (scores.Length != group.Units.Count) throw new ArgumentException($"{scores.Length} scores for the {group.Units.Count} units of group '{group.Name}'", nameof(scores));
        var alive = group.Units.Where(u => u.Prunable && !GroupPruning.IsRemoved(u)).ToList();
        var keptElsewhere = group.Units.Count(u => !u.Prunable);
        var count = Math.Min(PruneCount.Removed(alive.Count, ratio), alive.Count - (keptElsewhere > 0 ? 0 : 1));
        return new GroupChoice(group, alive.OrderBy(u => scores[u.Index]).ThenBy(u => u.Index).Take(Math.Max(0, count)).ToList());
    }
}
