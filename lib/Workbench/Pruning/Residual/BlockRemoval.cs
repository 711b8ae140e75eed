using Workbench.Nn;
using Workbench.Nn.Models;

namespace Workbench.Pruning.Residual;

/// <summary>
/// Layer pruning of CIFAR ResNets: removing whole residual blocks. A downsampling block (the first
/// of stages 2 and 3, whose shortcut changes width and stride) is never removed, and every stage
/// keeps at least <c>minimumPerStage</c> blocks (the authors keep 2).
/// </summary>
public static class BlockRemoval
{
    /// <summary>The blocks that may be removed, by name (<c>layer2.3</c>).</summary>
    public static IReadOnlyList<string> Removable(ResNetCifar network, int minimumPerStage = 2)
    {
        if (minimumPerStage < 1) throw new ArgumentOutOfRangeException(nameof(minimumPerStage), minimumPerStage, "every stage keeps at least one block");
        return network.Blocks()
            .Where(b => !b.Block.IsDownsampling && network.Stages[StageOf(b.Name)].Count > minimumPerStage)
            .Select(b => b.Name).ToList();
    }

    /// <summary>
    /// A new network without block <paramref name="blockName"/>, every other tensor copied over (the
    /// later blocks of its stage are renumbered, as a PyTorch Sequential would be). The parent is untouched.
    /// </summary>
    public static ResNetCifar Remove(ResNetCifar network, string blockName, int minimumPerStage = 1)
    {
        var blocks = network.Blocks().Select(b => b.Name).ToList();
        if (!blocks.Contains(blockName))
            throw new ArgumentException($"no residual block named '{blockName}'; the network has {string.Join(", ", blocks)}", nameof(blockName));
        var (stage, index) = (StageOf(blockName), IndexOf(blockName));
        if (((BasicBlock)network.Stages[stage][index]).IsDownsampling)
            throw new ArgumentException($"'{blockName}' is a downsampling block (its shortcut changes width and stride) and cannot be removed", nameof(blockName));
        if (network.Stages[stage].Count <= minimumPerStage)
            throw new ArgumentException($"stage {stage + 1} has only {network.Stages[stage].Count} blocks; removing '{blockName}' would leave fewer than {minimumPerStage}", nameof(blockName));

        var architecture = (ResNetArchitecture)network.Architecture;
        var stages = architecture.Stages.Select((s, i) => i == stage ? s.Where((_, j) => j != index).ToArray() : s).ToArray();
        var child = new ResNetCifar(architecture with { Stages = stages });
        try
        {
            NetworkCopy.CopyInto(network, child, name => Rename(name, stage, index));
            return child;
        }
        catch
        {
            child.Dispose();
            throw;
        }
    }

    // layer{s+1}.{i} → dropped when it is the removed block, shifted down by one after it.
    private static string? Rename(string module, int stage, int index)
    {
        var prefix = $"layer{stage + 1}.";
        if (!module.StartsWith(prefix, StringComparison.Ordinal)) return module;
        var rest = module[prefix.Length..];
        var dot = rest.IndexOf('.');
        var i = int.Parse(dot < 0 ? rest : rest[..dot], System.Globalization.CultureInfo.InvariantCulture);
        if (i == index) return null;
        var newIndex = i > index ? i - 1 : i;
        return $"{prefix}{newIndex}{(dot < 0 ? "" : rest[dot..])}";
    }

    internal static int StageOf(string blockName) => blockName[5] - '1';
    internal static int IndexOf(string blockName) => int.Parse(blockName[7..], System.Globalization.CultureInfo.InvariantCulture);
}
