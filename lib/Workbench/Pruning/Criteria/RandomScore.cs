using Workbench.Graph;
using Workbench.Nn;
using Workbench.Pruning.Groups;

namespace Workbench.Pruning.Criteria;

/// <summary>Uniform random scores from a seeded generator: a single random mask, the paper's weakest baseline.</summary>
public sealed class RandomScore(int seed) : ICriterion, IGroupCriterion
{
    private readonly Random random = new(seed);

    public string Name => "random";

    public double[] Score(ConvLayer layer, Granularity granularity)
    {
        var count = granularity.UnitShape(layer).Aggregate(1L, (a, b) => a * b);
        return Enumerable.Range(0, checked((int)count)).Select(_ => random.NextDouble()).ToArray();
    }

    public double[] Score(ChannelGroup group) => group.Units.Select(_ => random.NextDouble()).ToArray();
}
