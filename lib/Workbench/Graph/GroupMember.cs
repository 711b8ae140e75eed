using Workbench.Graph.LayerKinds;
using Workbench.Nn;

namespace Workbench.Graph;

/// <summary>One layer holding a space's channels, in one role (a conv's outputs, a linear layer's inputs, a BatchNorm's channels).</summary>
public sealed record GroupMember(string Name, Module Module, ChannelRole Role, ILayerKind Kind, ChannelSpace Space)
{
    public override string ToString() => $"{Name} ({Role.ToString().ToLowerInvariant()})";
}
