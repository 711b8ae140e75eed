using Workbench.Graph;
using Workbench.Nn;
using Workbench.Pruning.Groups;

namespace Workbench.Pruning.Criteria;

/// <summary>The L2 norm of each filter or kernel.</summary>
public sealed class L2Norm : ICriterion, IGroupCriterion
{
    public string Name => "L2";
    public double[] Score(ConvLayer layer, Granularity granularity) => WeightNorms.Of(layer, granularity, 2);
    public double[] Score(ChannelGroup group) => GroupNorms.Of(group, 2);
}
