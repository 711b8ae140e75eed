using Workbench.Nn;
using Workbench.Nn.Models;
using Workbench.Pruning.Criteria;
using Workbench.Pruning.Selection;

namespace Workbench.Pruning.Residual;

/// <summary>
/// Filter pruning inside residual networks: only a block's internal channels are removed (the first
/// convolution's filters, its BatchNorm, and the second convolution's matching inputs). Channels that
/// feed a residual addition (the stem, every block's second convolution) are left alone: removing
/// one would have to remove it from every block of the stage and from the shortcut at once.
/// Implemented with the coarse-pruning pieces: feature-map masks, then compaction.
/// </summary>
public static class ResidualFilterPruning
{
    /// <summary>
    /// A new network with <paramref name="filters"/> fewer internal filters: the lowest-scoring first-conv
    /// filters across all blocks (by <paramref name="criterion"/>, L1 by default), every block keeping at least one.
    /// The layers scored are <paramref name="network"/>'s own, never the copy's, so a criterion that runs the
    /// network (<see cref="OutputKlDivergence"/>) runs the one it was made for.
    /// </summary>
    public static ResNetCifar RemoveFilters(ResNetCifar network, int filters, ICriterion? criterion = null)
    {
        if (filters < 0) throw new ArgumentOutOfRangeException(nameof(filters), filters, "cannot remove a negative number of filters");
        criterion ??= new L1Norm();
        var child = NetworkCopy.Clone(network);
        try
        {
            var internals = child.ConvLayers().Where(l => l.Consumer == ConsumerKind.Conv).ToList();
            var candidates = network.ConvLayers().Where(l => l.Consumer == ConsumerKind.Conv)
                .SelectMany(layer => criterion.Score(layer, Granularity.FeatureMap).Select((score, map) => (layer, map, score)))
                .OrderBy(c => c.score).ThenBy(c => c.layer.Name, StringComparer.Ordinal).ThenBy(c => c.map).ToList();
            var keep = internals.ToDictionary(l => l.Name, l => Enumerable.Repeat(true, (int)l.Conv.OutChannels).ToArray());
            var removed = 0;
            foreach (var (layer, map, _) in candidates)
            {
                if (removed == filters) break;
                var row = keep[layer.Name];
                if (row.Count(k => k) <= 1) continue;
                row[map] = false;
                removed++;
            }
            if (removed < filters)
                throw new ArgumentException($"only {removed} internal filters can be removed (every block keeps one); {filters} were asked for", nameof(filters));
            foreach (var layer in internals)
                if (keep[layer.Name].Contains(false)) LayerPruner.Apply(new UnitChoice(layer, Granularity.FeatureMap, keep[layer.Name]));
            Compaction.Compact(child);
            return child;
        }
        catch
        {
            child.Dispose();
            throw;
        }
    }

    /// <summary>Internal filters (first-conv output maps) across all blocks: what <see cref="RemoveFilters"/> draws from.</summary>
    public static int InternalFilters(ResNetCifar network) => network.Blocks().Sum(b => (int)b.Block.MidChannels);
}
