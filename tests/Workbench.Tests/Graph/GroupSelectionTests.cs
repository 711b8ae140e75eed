using Workbench.Graph;
using Workbench.Nn;
using Workbench.Pruning;
using Workbench.Pruning.Criteria;
using Workbench.Pruning.Groups;
using Workbench.Torch;
using static Workbench.Tests.Graph.GraphNetworks;

namespace Workbench.Tests.Graph;

/// <summary>Criteria, trials and selection on channel groups, against naive loops and direct evaluation.</summary>
public class GroupSelectionTests
{
    private static readonly Case Mixed = new([BlockKind.Residual, BlockKind.Concat, BlockKind.SqueezeExcite, BlockKind.Depthwise], [4, 3, 5, 3, 4], false, 17, 0.5);

    [Theory]
    [InlineData(1.0)]
    [InlineData(2.0)]
    public void GroupNormsAverageEachWeightedMembersNormOfTheUnitsSlices(double p)
    {
        using var net = Build(Mixed);
        using var input = Input();
        var graph = DependencyGraph.Trace(net, input);
        IGroupCriterion criterion = p == 1 ? new L1Norm() : new L2Norm();
        foreach (var group in graph.Groups)
        {
            var scores = criterion.Score(group);
            foreach (var unit in group.Units)
            {
                var norms = new List<double>();
                foreach (var (member, indices) in unit.Indices)
                {
                    if (member.Module is BatchNorm2d) continue;
                    var weight = member.Module is Conv2d c ? c.Weight : ((Linear)member.Module).Weight;
                    var shape = weight.Shape;
                    var values = weight.ToArrayAny();
                    var dim = member.Role == ChannelRole.In ? 1 : 0;
                    double sum = 0;
                    for (var flat = 0; flat < values.Length; flat++)
                    {
                        // The index of this entry along dim, by hand from the row-major layout.
                        var stride = shape.Skip(dim + 1).Aggregate(1L, (a, b) => a * b);
                        var at = flat / stride % shape[dim];
                        if (indices.Contains(at)) sum += Math.Pow(Math.Abs(values[flat]), p);
                    }
                    norms.Add(Math.Pow(sum, 1 / p));
                }
                var expected = norms.Count == 0 ? 0 : norms.Average();
                Assert.Equal(expected, scores[unit.Index], 4);
            }
        }
    }

    [Fact]
    public void ATrialComputesAsMaskingWouldAndLeavesTheNetworkAsItWas()
    {
        using var net = Build(Mixed);
        using var input = Input();
        net.Eval();
        var graph = DependencyGraph.Trace(net, input);
        var units = GroupPruningPropertyTests.ChooseUnits(graph, Mixed);
        Assert.NotEmpty(units);
        var state = net.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.ToArrayAny());
        using var original = Forward(net, input);
        Tensor tried;
        using (GroupPruning.Try(units)) tried = Forward(net, input);
        using (tried)
        {
            Assert.Equal(state.Keys.Order(), net.StateDict().Keys.Order());
            Assert.All(net.StateDict(), kv => Assert.Equal(state[kv.Key], kv.Value.ToArrayAny()));
            using var after = Forward(net, input);
            Assert.True(GroupPruningPropertyTests.Close(original, after));
            Assert.False(GroupPruningPropertyTests.Close(original, tried));
            GroupPruning.Mask(units);
            using var masked = Forward(net, input);
            Assert.True(GroupPruningPropertyTests.Close(masked, tried));
        }
    }

    [Fact]
    public void LeastAdversarialSearchKeepsTheCandidateWithTheLowestErrorAndRepeatsWithItsSeed()
    {
        using var net = Build(Mixed);
        using var input = Input(16);
        LibTorch.ManualSeed(5);
        using var labels = Tensor.RandInt(0, 5, [16]);
        (double, double) Evaluate()
        {
            using var scope = DisposeScope.Enter();
            var logits = Forward(net, input);
            var wrong = logits.ArgMax(1).Ne(labels).Sum().Item<long>();
            return (100.0 * wrong / 16, Functional.CrossEntropy(logits, labels).Item<float>());
        }
        var graph = DependencyGraph.Trace(net, input);
        var group = graph.Groups.Where(g => g.Prunable).OrderByDescending(g => g.PrunableUnits.Count).First();
        var first = new LeastAdversarialGroupSelector(Evaluate, 8, seed: 3).Select(group, 0.5);
        var again = new LeastAdversarialGroupSelector(Evaluate, 8, seed: 3).Select(group, 0.5);
        Assert.Equal(8, first.Candidates.Count);
        Assert.Equal(first.Choice.Removed.Select(u => u.Index), again.Choice.Removed.Select(u => u.Index));
        var best = first.Candidates.OrderBy(c => c.Mcr).ThenBy(c => c.Loss).ThenBy(c => c.Index).First();
        GroupPruning.Mask(first.Choice.Removed);
        var (mcr, loss) = Evaluate();
        Assert.Equal(best.Mcr, mcr);
        Assert.Equal(best.Loss, loss, 5);
    }

    [Fact]
    public void PruningEveryGroupAtARatioRemovesItsShareAndCompactsToTheMaskedOutputs()
    {
        using var net = Build(Mixed);
        using var input = Input();
        net.Eval();
        var graph = DependencyGraph.Trace(net, input);
        var selections = GroupPruner.PruneFeatureMaps(graph, 0.5, new GroupCriterionSelector(new L1Norm()));
        Assert.Equal(graph.Groups.Count(g => g.Prunable), selections.Count);
        foreach (var s in selections)
        {
            var alive = s.Choice.Group.PrunableUnits.Count;
            var expected = Math.Min(PruneCount.Removed(alive, 0.5), alive - (s.Choice.Group.Units.Count == alive ? 1 : 0));
            Assert.Equal(expected, s.Choice.Removed.Count);
            Assert.All(s.Choice.Removed, u => Assert.True(GroupPruning.IsRemoved(u)));
        }
        using var masked = Forward(net, input);
        GroupPruning.Compact(graph);
        using var compacted = Forward(net, input);
        Assert.True(GroupPruningPropertyTests.Close(masked, compacted));
        // Pruning again at the same ratio takes half of what is left, not of what there was.
        var again = DependencyGraph.Trace(net, input);
        var second = GroupPruner.PruneFeatureMaps(again, 0.5, new GroupCriterionSelector(new L2Norm()));
        Assert.All(second, s => Assert.True(s.Choice.Removed.Count <= s.Choice.Group.PrunableUnits.Count / 2));
    }
}
