using FsCheck;
using FsCheck.Fluent;
using Workbench.Graph;
using Workbench.Nn;
using Workbench.Pruning;
using Workbench.Torch;

namespace Workbench.Tests.Graph;

/// <summary>The invariant no pruning library tests: a physically pruned network computes what the masked one did.</summary>
public class GroupPruningPropertyTests
{
    [Fact]
    public void CompactedNetworkComputesWhatTheMaskedNetworkComputed()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(60), Prop.ForAll(GraphNetworks.Cases(), c =>
        {
            using var net = GraphNetworks.Build(c);
            using var input = GraphNetworks.Input();
            var graph = DependencyGraph.Trace(net, input);
            var removed = ChooseUnits(graph, c);
            GroupPruning.Mask(removed);
            net.Eval();
            using var masked = GraphNetworks.Forward(net, input);

            var producersBefore = ProducerWidths(graph);
            GroupPruning.Compact(graph);
            using var compacted = GraphNetworks.Forward(net, input);

            // Every producer lost exactly the units chosen from its group.
            var expectedWidths = producersBefore.ToDictionary(p => p.Key, p => p.Value - removed.Count(u => u.Indices.Any(x => ReferenceEquals(x.Member.Module, p.Key) && x.Member.Role != ChannelRole.In)));
            var widthsRight = expectedWidths.All(p => Width(p.Key) == p.Value);
            var close = Close(masked, compacted);

            // The compacted network still traces, and trains: forward and backward in training mode.
            DependencyGraph.Trace(net, input);
            net.Train();
            using (var scope = DisposeScope.Enter())
            {
                var loss = net.Forward(input).Square().Mean();
                loss.Backward();
            }
            var gradients = net.Parameters().All(p => p.Grad is not null);
            net.ZeroGrad();
            return (widthsRight && close && gradients).Label($"{c}: widths {widthsRight}, outputs equal {close}, gradients {gradients}, removed {removed.Count}");
        }));
    }

    [Fact]
    public void MaskingCutsEveryPathOfARemovedChannelToTheOutput()
    {
        // Independent of compaction: with a unit masked, changing that unit's producers' weights changes nothing downstream.
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(30), Prop.ForAll(GraphNetworks.Cases(), c =>
        {
            using var net = GraphNetworks.Build(c);
            using var input = GraphNetworks.Input();
            var graph = DependencyGraph.Trace(net, input);
            var removed = ChooseUnits(graph, c);
            GroupPruning.Mask(removed);
            net.Eval();
            using var before = GraphNetworks.Forward(net, input);
            using (Autograd.NoGrad())
                foreach (var unit in removed)
                    foreach (var (member, indices) in unit.Indices.Where(x => x.Member.Module is BatchNorm2d))
                        foreach (var i in indices)
                        {
                            using var slot = ((BatchNorm2d)member.Module).Bias.Narrow(0, i, 1);
                            slot.Add_(100.0);
                        }
            using var after = GraphNetworks.Forward(net, input);
            return Close(before, after).Label(c.ToString());
        }));
    }

    internal static List<ChannelUnit> ChooseUnits(DependencyGraph graph, GraphNetworks.Case c)
    {
        var random = new Random(c.Seed);
        var chosen = new List<ChannelUnit>();
        foreach (var group in graph.Groups)
        {
            var prunable = group.PrunableUnits;
            // Keep at least one channel of every group, so no layer is left with none.
            var keepOne = group.Units.Count == prunable.Count ? 1 : 0;
            chosen.AddRange(prunable.Where(_ => random.NextDouble() < c.PruneShare).Take(prunable.Count - keepOne));
        }
        return chosen;
    }

    private static Dictionary<Module, long> ProducerWidths(DependencyGraph graph) =>
        graph.Members.Where(m => m.Role != ChannelRole.In).GroupBy(m => m.Module, ReferenceEqualityComparer.Instance)
            .ToDictionary(g => (Module)g.Key!, g => Width((Module)g.Key!));

    private static long Width(Module module) => module switch
    {
        Conv2d conv => conv.OutChannels,
        BatchNorm2d bn => bn.NumFeatures,
        Linear fc => fc.OutFeatures,
        _ => throw new InvalidOperationException(),
    };

    internal static bool Close(Tensor a, Tensor b)
    {
        if (!a.Shape.SequenceEqual(b.Shape)) return false;
        var (x, y) = (a.ToArrayAny(), b.ToArrayAny());
        return x.Zip(y).All(p => Math.Abs(p.First - p.Second) <= 1e-4 + 1e-4 * Math.Abs(p.First));
    }
}
