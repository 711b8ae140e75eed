using Workbench.Nn;
using Workbench.Torch;

namespace Workbench.Pruning;

/// <summary>
/// Turns feature-map pruning into a physically smaller dense network: each removed map leaves its
/// convolution (weight rows, bias, mask rows), its BatchNorm (affine and running statistics), and
/// its consumer (a conv's input channels, or the first FC's inputs after flatten). A map is removed
/// exactly when its consumer no longer reads it (its consumer's mask is zero there), so the
/// compacted network computes what the masked one did. Kernel masks that remain stay;
/// masks that become all ones are dropped. A conv whose remaining mask removes whole kernels then
/// computes its kept kernels alone (<see cref="Conv2d.RunKeptKernelsOnly"/>), so kernel pruning pays too.
/// </summary>
public static class Compaction
{
    /// <summary>Compacts <paramref name="network"/> in place; returns the number of maps removed per layer.</summary>
    public static IReadOnlyDictionary<string, int> Compact(IConvNetwork network)
    {
        var removed = new Dictionary<string, int>();
        foreach (var layer in network.ConvLayers())
        {
            if (layer.Consumer == ConsumerKind.ResidualAdd || layer.ConsumerModule is null) continue;
            if (layer.Conv.Groups != 1) throw new NotSupportedException($"compaction of grouped convolution '{layer.Name}' is not supported");
            var keep = MapsStillRead(layer);
            var dropped = keep.Count(k => !k);
            if (dropped == 0) continue;
            Narrow(layer, keep);
            removed[layer.Name] = dropped;
        }
        foreach (var (_, module) in ((Module)network).NamedModules())
        {
            DropTrivialMask(module);
            if (module is Conv2d { KeptKernels: null, CanRunKeptKernelsOnly: true } conv) conv.RunKeptKernelsOnly();
        }
        return removed;
    }

    /// <summary>Which output maps of <paramref name="layer"/> its consumer still reads.</summary>
    public static bool[] MapsStillRead(ConvLayer layer)
    {
        using var scope = DisposeScope.Enter();
        var maps = (int)layer.Conv.OutChannels;
        Tensor? mask = layer.ConsumerModule switch
        {
            Conv2d next => next.WeightMask?.Amax([0, 2, 3]),
            Linear fc => fc.WeightMask?.Amax([0]).Reshape(maps, layer.FeaturesPerMap).Amax([1]),
            _ => null,
        };
        return mask is null ? Enumerable.Repeat(true, maps).ToArray() : (mask > 0).ToArray<bool>();
    }

    private static void Narrow(ConvLayer layer, bool[] keep)
    {
        using var scope = DisposeScope.Enter();
        using var noGrad = Autograd.NoGrad();
        var device = layer.Conv.Weight.Device;
        var index = Tensor.From(Enumerable.Range(0, keep.Length).Where(i => keep[i]).Select(i => (long)i).ToArray()).To(device);
        var conv = layer.Conv;
        Select(conv.Weight, 0, index);
        if (conv.Bias is { } bias) Select(bias, 0, index);
        if (conv.WeightMask is { } mask) Select(mask, 0, index);
        conv.RefreshShape();
        if (layer.Norm is { } bn)
        {
            foreach (var t in new[] { bn.Weight, bn.Bias, bn.RunningMean, bn.RunningVar }) Select(t, 0, index);
            bn.RefreshShape();
        }
        switch (layer.ConsumerModule)
        {
            case Conv2d next:
                Select(next.Weight, 1, index);
                if (next.WeightMask is { } m) Select(m, 1, index);
                next.RefreshShape();
                break;
            case Linear fc:
                // Map j owns inputs j·F .. j·F+F-1 of the first FC after flatten (channel-major).
                var f = layer.FeaturesPerMap;
                var columns = (index.Unsqueeze(1) * f + Tensor.Arange(f, device: device).Unsqueeze(0)).Flatten();
                Select(fc.Weight, 1, columns);
                if (fc.WeightMask is { } m2) Select(m2, 1, columns);
                fc.RefreshShape();
                break;
        }
    }

    private static void Select(Tensor t, long dim, Tensor index)
    {
        using var narrowed = t.Detach().IndexSelect(dim, index);
        t.SetData(narrowed);
    }

    private static void DropTrivialMask(Module module)
    {
        switch (module)
        {
            case Conv2d c when c.WeightMask is { } m && AllOnes(m): c.SetWeightMask(null); break;
            case Linear l when l.WeightMask is { } m && AllOnes(m): l.SetWeightMask(null); break;
        }
    }

    private static bool AllOnes(Tensor mask)
    {
        using var min = mask.Min();
        return min.Item<float>() == 1;
    }
}
