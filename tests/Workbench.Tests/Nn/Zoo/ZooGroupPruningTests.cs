using Workbench.Graph;
using Workbench.Nn;
using Workbench.Pruning;
using Workbench.Tests.Graph;
using Workbench.Torch;

namespace Workbench.Tests.Nn.Zoo;

/// <summary>
/// Every zoo network traces, and group pruning takes half of every group's prunable channels out of it: the compacted
/// network has the planned widths, computes what the masked one did, and still trains.
/// </summary>
public sealed class ZooGroupPruningTests
{
    [Theory]
    [MemberData(nameof(ZooFixtures.Names), MemberType = typeof(ZooFixtures))]
    public void HalfOfEveryGroupComesOutAndTheCompactedNetworkComputesWhatTheMaskedOneDid(string name)
    {
        using var net = ZooFixtures.Create(name);
        ZooFixtures.GiveLiveState(net, seed: 5);
        using var input = ModelFixtures.Input(net.InputShape, batch: 2, seed: 6);
        var graph = DependencyGraph.Trace(net, input);

        // The trace saw every convolution, and the residual, depthwise and concatenation ties made shared groups.
        var convs = net.NamedModules().Count(m => m.Module is Conv2d);
        Assert.Equal(convs, net.ConvLayers().Count);
        Assert.Contains(graph.Groups, g => g.Prunable);

        // Every other prunable unit of each group: half, never the last one, and not a contiguous block.
        var removed = graph.Groups.SelectMany(g => g.PrunableUnits.Where((_, i) => i % 2 == 1)).ToList();
        Assert.NotEmpty(removed);
        var widthsBefore = ProducerWidths(graph);
        GroupPruning.Mask(removed);
        net.Eval();
        using var masked = Forward(net, input);

        GroupPruning.Compact(graph);
        foreach (var (module, before) in widthsBefore)
        {
            var lost = removed.Count(u => u.Indices.Any(x => ReferenceEquals(x.Member.Module, module) && x.Member.Role != ChannelRole.In));
            Assert.True(Width(module) == before - lost, $"{name}: {module.Describe()} has {Width(module)} channels, planned {before} - {lost}");
        }
        Assert.True(widthsBefore.Values.Sum() > widthsBefore.Keys.Sum(Width), $"{name}: compaction removed nothing");
        using var compacted = Forward(net, input);
        Assert.True(GroupPruningPropertyTests.Close(masked, compacted), $"{name}: the compacted network's logits differ from the masked network's");

        // It still traces and trains: forward and backward in training mode reach every parameter.
        DependencyGraph.Trace(net, input);
        net.Train();
        using (var scope = DisposeScope.Enter())
            net.Forward(input).Square().Mean().Backward();
        Assert.All(net.NamedParameters(), p => Assert.True(p.Tensor.Grad is not null, $"{name}: {p.Name} got no gradient"));
    }

    private static Dictionary<Module, long> ProducerWidths(DependencyGraph graph) =>
        graph.Members.Where(m => m.Role != ChannelRole.In).Select(m => m.Module).Distinct(ReferenceEqualityComparer.Instance).Cast<Module>()
            .ToDictionary(m => m, Width);

    private static long Width(Module module) => module switch
    {
        Conv2d conv => conv.OutChannels,
        BatchNorm2d bn => bn.NumFeatures,
        Linear fc => fc.OutFeatures,
        _ => throw new InvalidOperationException($"{module.Describe()} is no producer"),
    };

    private static Tensor Forward(Module net, Tensor input)
    {
        using var noGrad = Autograd.NoGrad();
        return net.Forward(input);
    }
}
