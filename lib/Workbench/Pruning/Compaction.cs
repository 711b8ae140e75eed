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
        foreach (var n in RemoveUnreadMaps(network).Where(n => n.Dim == 0 && n.Entry == $"{n.Layer}.weight")) removed[n.Layer] = n.Removed;
        Tidy(((Module)network).NamedModules().Select(m => m.Module));
        return removed;
    }

    /// <summary>What compaction leaves: masks that keep everything dropped, whole-kernel masks run as kept kernels alone.</summary>
    internal static void Tidy(IEnumerable<Module> modules)
    {
        foreach (var module in modules)
        {
            DropTrivialMask(module);
            if (module is Conv2d { KeptKernels: null, CanRunKeptKernelsOnly: true } conv) conv.RunKeptKernelsOnly();
        }
    }

    /// <summary>
    /// Only the first half of <see cref="Compact"/>: removes the maps no consumer reads, and leaves every mask and
    /// every convolution as it was (the dense masked convolution, whose training cost no longer includes those maps).
    /// Returns each narrowing in the order made, so that trained values can be written back (<see cref="CompactedTraining"/>).
    /// </summary>
    public static IReadOnlyList<Narrowing> RemoveUnreadMaps(IConvNetwork network)
    {
        var names = new Dictionary<Module, string>(ReferenceEqualityComparer.Instance);
        foreach (var (name, module) in ((Module)network).NamedModules()) names[module] = name;
        var narrowings = new List<Narrowing>();
        foreach (var layer in network.ConvLayers())
        {
            if (layer.Consumer == ConsumerKind.ResidualAdd || layer.ConsumerModule is null) continue;
            if (layer.Conv.Groups != 1) throw new NotSupportedException($"compaction of grouped convolution '{layer.Name}' is not supported");
            var keep = MapsStillRead(layer);
            if (keep.All(k => k)) continue;
            Narrow(layer, keep, (module, entry, dim, index) => narrowings.Add(new Narrowing(layer.Name, $"{names[module]}.{entry}", dim, index, keep.Count(k => !k))));
        }
        return narrowings;
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

    private static void Narrow(ConvLayer layer, bool[] keep, Action<Module, string, long, long[]> narrowed)
    {
        using var scope = DisposeScope.Enter();
        using var noGrad = Autograd.NoGrad();
        var kept = Enumerable.Range(0, keep.Length).Where(i => keep[i]).Select(i => (long)i).ToArray();
        void Select(Module owner, string entry, Tensor t, long dim, long[] index)
        {
            using var indexTensor = Tensor.From(index).To(t.Device);
            using var narrower = t.Detach().IndexSelect(dim, indexTensor);
            t.SetData(narrower);
            narrowed(owner, entry, dim, index);
        }
        var conv = layer.Conv;
        Select(conv, "weight", conv.Weight, 0, kept);
        if (conv.Bias is { } bias) Select(conv, "bias", bias, 0, kept);
        if (conv.WeightMask is { } mask) Select(conv, "weight_mask", mask, 0, kept);
        conv.RefreshShape();
        if (layer.Norm is { } bn)
        {
            foreach (var (entry, t) in new[] { ("weight", bn.Weight), ("bias", bn.Bias), ("running_mean", bn.RunningMean), ("running_var", bn.RunningVar) }) Select(bn, entry, t, 0, kept);
            bn.RefreshShape();
        }
        switch (layer.ConsumerModule)
        {
            case Conv2d next:
                Select(next, "weight", next.Weight, 1, kept);
                if (next.WeightMask is { } m) Select(next, "weight_mask", m, 1, kept);
                next.RefreshShape();
                break;
            case Linear fc:
                // Map j owns inputs j·F .. j·F+F-1 of the first FC after flatten (channel-major).
                var f = layer.FeaturesPerMap;
                var columns = kept.SelectMany(j => Enumerable.Range(0, (int)f).Select(c => j * f + c)).ToArray();
                Select(fc, "weight", fc.Weight, 1, columns);
                if (fc.WeightMask is { } m2) Select(fc, "weight_mask", m2, 1, columns);
                fc.RefreshShape();
                break;
        }
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
