namespace Workbench.Graph;

/// <summary>
/// Units that the same layers hold: every layer of a group loses the same units together. A chain's conv forms a
/// group with its BatchNorm and its consumer; every producer feeding a residual addition forms one; a concatenation's
/// consumer is in the group of each of its parts.
/// </summary>
public sealed class ChannelGroup(string name, IReadOnlyList<GroupMember> members, IReadOnlyList<ChannelUnit> units)
{
    /// <summary>Its first producer's name (the layer whose filters it is), or its first member's.</summary>
    public string Name { get; } = name;

    public IReadOnlyList<GroupMember> Members { get; } = members;

    public IReadOnlyList<ChannelUnit> Units { get; } = units;

    public IReadOnlyList<ChannelUnit> PrunableUnits => Units.Where(u => u.Prunable).ToList();

    public bool Prunable => Units.Any(u => u.Prunable);

    public override string ToString() => $"{Name}: {Units.Count} channels, {PrunableUnits.Count} prunable; {string.Join(", ", Members)}";
}
