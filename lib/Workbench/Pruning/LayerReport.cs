namespace Workbench.Pruning;

/// <summary>One layer's counts, dense and effective (what its masks leave).</summary>
public sealed record LayerReport(
    string Name, string Kind,
    long Weights, long KeptWeights,
    long Maps, long KeptMaps,
    long Kernels, long KeptKernels,
    long Parameters, long EffectiveParameters,
    long Macs, long EffectiveMacs)
{
    /// <summary>The name a reader knows the layer by (conv3 in the ConvNet; <see cref="Nn.LayerLabels"/>); its module path otherwise.</summary>
    public string Label { get; init; } = Name;

    /// <summary>Fraction of this layer's weights removed.</summary>
    public double Sparsity => Weights == 0 ? 0 : 1 - (double)KeptWeights / Weights;
}
