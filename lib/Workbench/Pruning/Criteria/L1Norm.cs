using Workbench.Nn;

namespace Workbench.Pruning.Criteria;

/// <summary>Weight magnitude: the L1 norm of each filter or kernel (the coarse-pruning paper's baseline).</summary>
public sealed class L1Norm : ICriterion
{
    public string Name => "L1";
    public double[] Score(ConvLayer layer, Granularity granularity) => WeightNorms.Of(layer, granularity, 1);
}
