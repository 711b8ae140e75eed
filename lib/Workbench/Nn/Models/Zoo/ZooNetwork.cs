using Workbench.Graph;

namespace Workbench.Nn.Models.Zoo;

/// <summary>What every zoo network shares: a validated architecture, its input shape, and traced conv layers.</summary>
public abstract class ZooNetwork : Module, IConvNetwork
{
    protected ZooArchitecture Zoo { get; }

    protected ZooNetwork(ZooArchitecture architecture)
    {
        architecture.Validate();
        Zoo = architecture;
    }

    public Architecture Architecture => Zoo;

    public long[] InputShape => [Zoo.InChannels, Zoo.InputSize, Zoo.InputSize];

    /// <summary>Traced from the network as it is now, so a compacted network lists what it has.</summary>
    public IReadOnlyList<ConvLayer> ConvLayers() => DependencyGraph.Of(this).ConvLayers();

    public override string Describe() => $"{Zoo.Network}({Zoo.InChannels}×{Zoo.InputSize}×{Zoo.InputSize} → {Zoo.NumClasses})";
}
