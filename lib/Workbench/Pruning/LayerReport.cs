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
    /// <summary>Fraction of this layer's weights removed.</summary>
    public double Sparsity => Weights == 0 ? 0 : 1 - (double)KeptWeights / Weights;
}
