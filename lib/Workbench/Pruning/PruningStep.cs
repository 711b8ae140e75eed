using Workbench.Nn;

namespace Workbench.Pruning;

/// <summary>Prune <see cref="Ratio"/> of the still-alive <see cref="Granularity"/> units of one layer.</summary>
public sealed record PruningStep(string Layer, Granularity Granularity, double Ratio)
{
    /// <summary>One step per conv layer at <paramref name="granularity"/>, with a ratio per layer (index in ConvLayers order).</summary>
    public static IReadOnlyList<PruningStep> ForLayers(IConvNetwork network, Granularity granularity, Func<ConvLayer, int, double> ratio) =>
        Prunable(network, granularity).Select((l, i) => new PruningStep(l.Name, granularity, ratio(l, i))).Where(s => s.Ratio > 0).ToList();

    /// <summary>The same, with a list of ratios (one per prunable layer, in order).</summary>
    public static IReadOnlyList<PruningStep> ForLayers(IConvNetwork network, Granularity granularity, IReadOnlyList<double> ratios)
    {
        var layers = Prunable(network, granularity);
        if (ratios.Count != layers.Count)
            throw new ArgumentException($"{ratios.Count} ratios for {layers.Count} prunable layers ({string.Join(", ", layers.Select(l => l.Name))})");
        return ForLayers(network, granularity, (_, i) => ratios[i]);
    }

    /// <summary>Combined pruning: per layer, feature maps first, then kernels of the surviving maps.</summary>
    public static IReadOnlyList<PruningStep> Combined(IConvNetwork network, Func<ConvLayer, int, double> mapRatio, Func<ConvLayer, int, double> kernelRatio, bool equalKernelsPerMap = false)
    {
        var kernel = equalKernelsPerMap ? Granularity.KernelEqualPerMap : Granularity.Kernel;
        var steps = new List<PruningStep>();
        foreach (var (layer, i) in network.ConvLayers().Select((l, i) => (l, i)))
        {
            if (layer.Consumer != ConsumerKind.ResidualAdd && mapRatio(layer, i) > 0) steps.Add(new(layer.Name, Granularity.FeatureMap, mapRatio(layer, i)));
            if (kernelRatio(layer, i) > 0) steps.Add(new(layer.Name, kernel, kernelRatio(layer, i)));
        }
        return steps;
    }

    private static IReadOnlyList<ConvLayer> Prunable(IConvNetwork network, Granularity granularity) =>
        network.ConvLayers().Where(l => granularity is not FeatureMapGranularity || l.Consumer != ConsumerKind.ResidualAdd).ToList();
}
