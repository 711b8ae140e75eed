using Workbench.Nn;
using Workbench.Torch;

namespace Workbench.Pruning;

/// <summary>
/// What one pruning unit is in a convolution layer: a whole output map, or one k×k kernel.
/// A granularity knows the grid of units of a layer, which are still alive, how criteria reduce
/// a weight to one score per unit, and how a choice of units becomes masks on the layer and on
/// its consumer. A new granularity is one small subclass.
/// </summary>
public abstract record Granularity
{
    public static readonly FeatureMapGranularity FeatureMap = new();
    public static readonly KernelGranularity Kernel = new(EqualPerMap: false);
    public static readonly KernelGranularity KernelEqualPerMap = new(EqualPerMap: true);

    public abstract string Name { get; }

    /// <summary>The unit grid of <paramref name="layer"/>: [out] or [out, in].</summary>
    public abstract long[] UnitShape(ConvLayer layer);

    /// <summary>Dimensions of the [out, in, k, k] weight that one unit's score is reduced over.</summary>
    public abstract long[] ReducedDims { get; }

    /// <summary>True when each row of units (each output map) is selected separately: the equal-kernels-per-map variant.</summary>
    public virtual bool SelectsPerRow => false;

    /// <summary>Which units are still alive (flattened in unit-shape order).</summary>
    public abstract bool[] Alive(ConvLayer layer);

    /// <summary>The masks that keep exactly <paramref name="keep"/>: the layer's, and its consumer's (null when unchanged).</summary>
    public abstract (Tensor LayerMask, Tensor? ConsumerMask) Masks(ConvLayer layer, bool[] keep);

    /// <summary>Rejects layers this granularity cannot prune, naming the layer and the reason.</summary>
    public virtual void CheckPrunable(ConvLayer layer) { }

    // Sealed so derived records keep the short name instead of a synthesized member dump.
    public sealed override string ToString() => Name;

    /// <summary>The layer's current effective [out, in/g, kh|1, kw|1] mask (ones when dense).</summary>
    internal static Tensor CurrentMask(Conv2d conv) =>
        conv.WeightMask?.Clone() ?? Tensor.Ones([conv.OutChannels, conv.InChannels / conv.Groups, 1, 1], device: conv.Weight.Device);

    internal static Tensor BoolTensor(bool[] values, long[] shape, Device device)
    {
        using var cpu = Tensor.From(values, shape);
        using var f = cpu.To(DType.Float32);
        return f.To(device);
    }
}

/// <summary>Whole output maps. Removing map j also removes input channel j of the consumer.</summary>
public sealed record FeatureMapGranularity : Granularity
{
    public override string Name => "feature-map";
    public override long[] UnitShape(ConvLayer layer) => [layer.Conv.OutChannels];
    public override long[] ReducedDims => [1, 2, 3];

    public override void CheckPrunable(ConvLayer layer)
    {
        if (layer.Consumer == ConsumerKind.ResidualAdd)
            throw new ArgumentException($"the output maps of '{layer.Name}' feed a residual addition, so removing one would change every block that shares them; prune block-internal layers instead");
    }

    public override bool[] Alive(ConvLayer layer)
    {
        using var scope = DisposeScope.Enter();
        var mask = CurrentMask(layer.Conv);
        return (mask.Flatten(1).Amax([1]) > 0).ToArray<bool>();
    }

    public override (Tensor LayerMask, Tensor? ConsumerMask) Masks(ConvLayer layer, bool[] keep)
    {
        CheckPrunable(layer);
        using var scope = DisposeScope.Enter();
        var device = layer.Conv.Weight.Device;
        var keepMaps = BoolTensor(keep, [keep.Length], device);
        var layerMask = CurrentMask(layer.Conv) * keepMaps.Reshape(-1, 1, 1, 1);
        Tensor consumerMask = layer.ConsumerModule switch
        {
            Conv2d next => CurrentMask(next) * keepMaps.Reshape(1, -1, 1, 1),
            Linear fc => (fc.WeightMask?.Clone() ?? Tensor.Ones([1, fc.InFeatures], device: device))
                         * keepMaps.Reshape(-1, 1).Expand(keep.Length, layer.FeaturesPerMap).Reshape(1, -1),
            _ => throw new ArgumentException($"'{layer.Name}' has no consumer that feature-map pruning knows"),
        };
        return (scope.Keep(layerMask), scope.Keep(consumerMask));
    }
}

/// <summary>
/// Single k×k kernels (input map i → output map j). With <see cref="EqualPerMap"/> every output
/// map keeps the same number of kernels (the hardware-friendly variant).
/// </summary>
public sealed record KernelGranularity(bool EqualPerMap) : Granularity
{
    public override string Name => EqualPerMap ? "kernel (equal per map)" : "kernel";
    public override long[] UnitShape(ConvLayer layer) => [layer.Conv.OutChannels, layer.Conv.InChannels / layer.Conv.Groups];
    public override long[] ReducedDims => [2, 3];
    public override bool SelectsPerRow => EqualPerMap;

    public override bool[] Alive(ConvLayer layer)
    {
        using var scope = DisposeScope.Enter();
        var mask = CurrentMask(layer.Conv);
        return (mask.Amax([2, 3]).Flatten() > 0).ToArray<bool>();
    }

    public override (Tensor LayerMask, Tensor? ConsumerMask) Masks(ConvLayer layer, bool[] keep)
    {
        using var scope = DisposeScope.Enter();
        var shape = UnitShape(layer);
        var keepKernels = BoolTensor(keep, [shape[0], shape[1], 1, 1], layer.Conv.Weight.Device);
        return (scope.Keep(CurrentMask(layer.Conv) * keepKernels), null);
    }
}
