using Workbench.Torch;

namespace Workbench.Nn;

/// <summary>Independent copies of networks: the loop's candidates are built from a parent that must stay intact.</summary>
public static class NetworkCopy
{
    /// <summary>A new network of the same architecture with the same state, masks included.</summary>
    public static T Clone<T>(T network) where T : Module, IConvNetwork => (T)Clone((IConvNetwork)network);

    /// <summary>The same, for a network known by its interface.</summary>
    public static IConvNetwork Clone(IConvNetwork network)
    {
        var copy = network.Architecture.Build();
        try
        {
            if (network.Architecture.WidthsFromState)
                Graph.SavedWidths.Fit(copy, ((Module)network).StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.Shape));
            CopyInto((Module)network, copy, name => name);
            return (IConvNetwork)copy;
        }
        catch
        {
            copy.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Copies every tensor of <paramref name="source"/> into <paramref name="target"/> under the name
    /// <paramref name="rename"/> gives it (null drops it); masks (and kept-kernel indices) are copied onto their layers first.
    /// </summary>
    internal static void CopyInto(Module source, Module target, Func<string, string?> rename)
    {
        var targetModules = target.NamedModules().ToDictionary(m => m.Name, m => m.Module);
        foreach (var (name, module) in source.NamedModules())
        {
            var mask = module switch { Conv2d c => c.WeightMask, Linear l => l.WeightMask, _ => null };
            if (mask is null || rename(name) is not { } newName) continue;
            switch (targetModules[newName])
            {
                case Conv2d c:
                    c.SetWeightMask(mask);
                    // A compacted layer computes its kept kernels alone and saves their index: the copy does as well.
                    if (module is Conv2d { KeptKernels: not null }) c.RunKeptKernelsOnly();
                    break;
                case Linear l: l.SetWeightMask(mask); break;
            }
        }
        var state = new Dictionary<string, Tensor>();
        foreach (var (name, tensor) in source.StateDict())
        {
            var dot = name.LastIndexOf('.');
            var owner = dot < 0 ? "" : name[..dot];
            if (rename(owner) is { } newOwner) state[newOwner.Length == 0 ? name[(dot + 1)..] : $"{newOwner}.{name[(dot + 1)..]}"] = tensor;
        }
        target.LoadStateDict(state);
        target.To(source.Device);
    }
}
