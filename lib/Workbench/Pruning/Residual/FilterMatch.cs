namespace Workbench.Pruning.Residual;

/// <summary>
/// How big the filter candidate is, given the layer candidate. The authors match the number of
/// filters: the filter candidate removes as many filters as the removed block had (both its
/// convolutions' filters), taken from the blocks' first convolutions.
/// </summary>
public enum FilterMatch
{
    /// <summary>The same number of filters as the removed block (the authors' choice).</summary>
    Filters,
    /// <summary>At least the MACs the layer candidate saved (the fairest comparison of cost).</summary>
    Macs,
}
