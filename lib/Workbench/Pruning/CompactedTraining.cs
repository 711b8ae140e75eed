using Workbench.Nn;
using Workbench.Torch;

namespace Workbench.Pruning;

/// <summary>
/// Trains a feature-map-pruned network at the cost of the maps it keeps. The masked network still computes every
/// map and only multiplies the unread ones by zero in their consumer, so training it costs what the dense network
/// did. Here training runs on a copy with those maps removed (<see cref="Compaction.RemoveUnreadMaps"/>), and the
/// trained values go back into the kept positions; the masked network stays the one that selection, accounting
/// and checkpoints see.
/// The kept weights train the same either way: an unread map gets no gradient and sends none, BatchNorm works map
/// by map, and the data order and seeds do not depend on the width. Only the order of floating-point sums differs.
/// Values that nothing reads are left as they were, where masked training lets weight decay shrink them: the weights,
/// bias and BatchNorm of a removed map. Within a layer-wise run nothing reads them again (a layer is pruned before its
/// consumer) and <c>--compact</c> drops them, but a checkpoint saved uncompacted holds other values there, which a later
/// pruning of that layer by weight (L1) would see.
/// </summary>
public static class CompactedTraining
{
    /// <summary>
    /// Runs <paramref name="train"/> on a compacted copy of <paramref name="network"/> and writes the result back;
    /// on the network itself when no map is unread, or when it has dropout (whose random draws depend on the width).
    /// </summary>
    public static void Train(IConvNetwork network, Action<Module> train)
    {
        var model = (Module)network;
        if (!Applies(network))
        {
            train(model);
            return;
        }
        using var copy = (Module)NetworkCopy.Clone(network);
        var narrowings = Compaction.RemoveUnreadMaps((IConvNetwork)copy);
        train(copy);
        WriteBack(copy, model, narrowings);
    }

    /// <summary>Whether training through a compacted copy saves work and trains the same weights.</summary>
    public static bool Applies(IConvNetwork network)
    {
        if (((Module)network).NamedModules().Any(m => m.Module is Dropout)) return false;
        var cut = network.ConvLayers().Where(l => l.Consumer != ConsumerKind.ResidualAdd && l.ConsumerModule is not null && Compaction.MapsStillRead(l).Contains(false)).ToList();
        // Compaction cuts ungrouped convolutions only; masked training handles the rest.
        return cut.Count > 0 && cut.All(l => l.Conv.Groups == 1);
    }

    /// <summary>What training changes (parameters and BatchNorm statistics), from the compacted copy into the kept positions.</summary>
    private static void WriteBack(Module compacted, Module masked, IReadOnlyList<Narrowing> narrowings)
    {
        using var scope = DisposeScope.Enter();
        using var noGrad = Autograd.NoGrad();
        var targets = masked.StateDict();
        var trained = compacted.NamedParameters()
            .Concat(compacted.NamedModules().Where(m => m.Module is BatchNorm2d).SelectMany(m => m.Module.NamedBuffers().Select(b => ($"{m.Name}.{b.Name}", b.Tensor))))
            .ToList();
        // Checked before the first write, so a mismatch leaves the network as it was.
        if (trained.FirstOrDefault(t => !targets.ContainsKey(t.Item1)) is { Item1: { } missing })
            throw new InvalidOperationException($"the compacted copy has '{missing}', which the network it came from lacks");
        foreach (var (name, source) in trained)
            Scatter(targets[name], source, narrowings.Where(n => n.Entry == name).ToList(), 0);
    }

    /// <summary>Undoes the cuts from <paramref name="first"/> on: writes <paramref name="source"/> into <paramref name="target"/> at the kept slices.</summary>
    private static void Scatter(Tensor target, Tensor source, IReadOnlyList<Narrowing> cuts, int first)
    {
        if (first == cuts.Count)
        {
            target.Copy_(source);
            return;
        }
        var cut = cuts[first];
        using var index = Tensor.From(cut.Kept).To(target.Device);
        using var slices = target.IndexSelect(cut.Dim, index);
        Scatter(slices, source, cuts, first + 1);
        target.IndexCopy_(cut.Dim, index, slices);
    }
}
