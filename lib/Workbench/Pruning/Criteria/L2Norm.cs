using Workbench.Nn;

namespace Workbench.Pruning.Criteria;

/// <summary>The L2 norm of each filter or kernel.</summary>
public sealed class L2Norm : ICriterion
{
    public string Name => "L2";
    public double[] Score(ConvLayer layer, Granularity granularity) => WeightNorms.Of(layer, granularity, 2);
}
