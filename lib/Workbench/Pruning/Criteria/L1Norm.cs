using Workbench.Graph;
using Workbench.Nn;
using Workbench.Pruning.Groups;

namespace Workbench.Pruning.Criteria;

/// <summary>Weight magnitude: the L1 norm of each filter or kernel (the coarse-pruning paper's baseline).</summary>
public sealed class L1Norm : ICriterion, IGroupCriterion
{
    public string Name => "L1";
    public double[] Score(ConvLayer layer, Granularity granularity) => WeightNorms.Of(layer, granularity, 1);
    public double[] Score(ChannelGroup group) => GroupNorms.Of(group, 1);
}
