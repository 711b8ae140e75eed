using Workbench.Graph;

namespace Workbench.Pruning;

/// <summary>
/// Channel pruning on a <see cref="DependencyGraph"/>, for any network it traced. <see cref="Mask"/> removes units
/// while every layer keeps its shape: their producers stop producing them and every layer that reads them stops
/// reading them, so nothing of a removed channel (not even a BatchNorm's shift) reaches the output.
/// <see cref="Compact"/> then cuts every unit that no layer reads out of every layer that holds it: the smaller
/// network computes what the masked one did.
/// </summary>
public static class GroupPruning
{
    /// <exception cref="ArgumentException">a unit is pinned (its reason is named).</exception>
    public static void Mask(IEnumerable<ChannelUnit> units)
    {
        var list = units.ToList();
        if (list.FirstOrDefault(u => !u.Prunable) is { } pinned)
            throw new ArgumentException($"channel unit {pinned.Index} of {string.Join(", ", pinned.Indices.Select(i => i.Member))} cannot be pruned: {pinned.PinnedBy}", nameof(units));
        foreach (var byMember in list.SelectMany(u => u.Indices).GroupBy(x => x.Member))
        {
            var removed = byMember.SelectMany(x => x.Indices).Distinct().Order().ToArray();
            byMember.Key.Kind.Mask(byMember.Key.Module, byMember.Key.Role, removed);
        }
    }

    /// <summary>Whether no layer reads <paramref name="unit"/> any more (or, when nothing reads it, no layer produces it).</summary>
    public static bool IsRemoved(ChannelUnit unit) => IsRemoved(unit, new Dictionary<GroupMember, bool[]?>());

    /// <summary>Cuts every removed unit out of the network the graph traced; returns how many channels each member lost. Trace again afterwards.</summary>
    public static IReadOnlyDictionary<GroupMember, int> Compact(DependencyGraph graph)
    {
        var live = new Dictionary<GroupMember, bool[]?>();
        var removed = new Dictionary<GroupMember, HashSet<long>>();
        foreach (var unit in graph.Groups.SelectMany(g => g.Units).Where(u => u.Prunable && IsRemoved(u, live)))
            foreach (var (member, indices) in unit.Indices)
                (removed.TryGetValue(member, out var set) ? set : removed[member] = []).UnionWith(indices);
        foreach (var (member, gone) in removed)
        {
            var kept = Enumerable.Range(0, (int)member.Space.Size).Select(i => (long)i).Where(i => !gone.Contains(i)).ToArray();
            member.Kind.Narrow(member.Module, member.Role, kept);
        }
        return removed.ToDictionary(r => r.Key, r => r.Value.Count);
    }

    private static bool IsRemoved(ChannelUnit unit, Dictionary<GroupMember, bool[]?> live)
    {
        bool[]? Live(GroupMember m) => live.TryGetValue(m, out var l) ? l : live[m] = m.Kind.Live(m.Module, m.Role);
        bool Dead((GroupMember Member, long[] Indices) x) => Live(x.Member) is { } l && x.Indices.All(i => !l[i]);
        var readers = unit.Indices.Where(x => x.Member.Role == ChannelRole.In).ToList();
        if (readers.Count > 0) return readers.All(Dead);
        var masked = unit.Indices.Where(x => Live(x.Member) is not null).ToList();
        return masked.Count > 0 && masked.All(Dead);
    }
}
