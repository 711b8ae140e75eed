namespace Workbench.Pruning.Residual;

/// <summary>How the loop's filter candidate picks the filters it removes (lowest score first).</summary>
public enum FilterCriterion
{
    /// <summary>The L1 norm of each filter's weights (the loop's first runs).</summary>
    L1,
    /// <summary>The KL divergence of the outputs when the filter is silenced (Luo and Wu 2020; the authors' choice).</summary>
    Kl,
}
