namespace Workbench.Graph;

/// <summary>
/// The smallest thing channel pruning removes: channels of several layers tied so that they go together (a map of a
/// block-internal conv with its BatchNorm and the next conv's input; one channel of a residual stream across every
/// block; after a flatten, all of a map's features). <see cref="Indices"/> says which index it is in each member.
/// </summary>
public sealed class ChannelUnit(int index, IReadOnlyList<(GroupMember Member, long[] Indices)> indices, string? pinnedBy)
{
    /// <summary>Its position in its group.</summary>
    public int Index { get; } = index;

    public IReadOnlyList<(GroupMember Member, long[] Indices)> Indices { get; } = indices;

    /// <summary>Why it may not be pruned (the network's input or output, a slice or pad fixed in code, a grouped conv); null when it may.</summary>
    public string? PinnedBy { get; } = pinnedBy;

    public bool Prunable => PinnedBy is null;
}
