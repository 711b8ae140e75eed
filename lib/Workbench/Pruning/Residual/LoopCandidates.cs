namespace Workbench.Pruning.Residual;

/// <summary>Which candidates the loop builds each iteration.</summary>
public enum LoopCandidates
{
    /// <summary>A layer and a filter candidate, the more CKA-similar one kept: the method.</summary>
    Both,
    /// <summary>Only block removals: the layer-pruning baseline.</summary>
    LayersOnly,
    /// <summary>Only filter removals (sized as the method sizes them): the filter-pruning baseline.</summary>
    FiltersOnly,
}
