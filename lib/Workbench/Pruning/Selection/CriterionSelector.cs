using Workbench.Nn;
using Workbench.Pruning.Criteria;

namespace Workbench.Pruning.Selection;

/// <summary>Removes the units a criterion scores lowest (L1, L2, or random for a single random mask).</summary>
public sealed class CriterionSelector(ICriterion criterion) : ISelector
{
    public ICriterion Criterion { get; } = criterion;
    public string Name => Criterion.Name;

    public SelectionResult Select(ConvLayer layer, Granularity granularity, double ratio) =>
        new(UnitChoice.LowestScores(layer, granularity, Criterion.Score(layer, granularity), ratio));
}
