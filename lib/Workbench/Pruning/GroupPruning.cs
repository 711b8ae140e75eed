using Workbench.Graph;
using Workbench.Graph.LayerKinds;
using Workbench.Nn;
using Workbench.Torch;

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
        foreach (var (module, kind, mask) in MasksFor(units))
            using (mask) kind.UseMask(module, mask, trial: false);
    }

    /// <summary>Computes as if <paramref name="units"/> were masked, weights and stored masks untouched, until the result is disposed.</summary>
    public static IDisposable Try(IEnumerable<ChannelUnit> units) => new Trial(MasksFor(units));

    private sealed class Trial : IDisposable
    {
        private readonly List<(Module Module, ILayerKind Kind, Tensor Mask)> masks;

        public Trial(List<(Module Module, ILayerKind Kind, Tensor Mask)> masks)
        {
            this.masks = masks;
            foreach (var (module, kind, mask) in masks) kind.UseMask(module, mask, trial: true);
        }

        public void Dispose()
        {
            foreach (var (module, kind, mask) in masks)
            {
                kind.UseMask(module, null, trial: true);
                mask.Dispose();
            }
        }
    }

    // One mask per layer, composed over every role in which the units touch it (a layer called twice holds two).
    private static List<(Module Module, ILayerKind Kind, Tensor Mask)> MasksFor(IEnumerable<ChannelUnit> units)
    {
        var list = units.ToList();
        if (list.FirstOrDefault(u => !u.Prunable) is { } pinned)
            throw new ArgumentException($"channel unit {pinned.Index} of {string.Join(", ", pinned.Indices.Select(i => i.Member))} cannot be pruned: {pinned.PinnedBy}", nameof(units));
        var masks = new List<(Module, ILayerKind, Tensor)>();
        foreach (var byModule in list.SelectMany(u => u.Indices).GroupBy(x => x.Member.Module, ReferenceEqualityComparer.Instance))
        {
            Tensor? mask = null;
            var kind = byModule.First().Member.Kind;
            foreach (var byRole in byModule.GroupBy(x => x.Member.Role))
            {
                var removed = byRole.SelectMany(x => x.Indices).Distinct().Order().ToArray();
                var next = kind.Masked((Module)byModule.Key!, byRole.Key, removed, mask);
                mask?.Dispose();
                mask = next?.DetachFromDisposeScope();
            }
            if (mask is not null) masks.Add(((Module)byModule.Key!, kind, mask));
        }
        return masks;
    }

    /// <summary>Whether no layer reads <paramref name="unit"/> any more (or, when nothing reads it, no layer produces it).</summary>
    public static bool IsRemoved(ChannelUnit unit) => IsRemoved(unit, new Dictionary<GroupMember, bool[]?>());

    /// <summary>
    /// Cuts every removed unit out of the network the graph traced, then tidies as <see cref="Compaction.Compact"/> does (masks
    /// that keep everything go, whole-kernel masks run as kept kernels); returns how many channels each member lost. Trace again afterwards.
    /// </summary>
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
        Compaction.Tidy(removed.Keys.Select(m => m.Module).Distinct());
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
