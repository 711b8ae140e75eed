using Workbench.Nn;

namespace Workbench.Graph;

/// <summary>
/// The convolutions of a traced network as the layer-by-layer pruning code sees them (<see cref="ConvLayer"/>): each
/// conv with the BatchNorm that normalises it and, when its maps are its own, the one layer that reads them. A conv
/// whose maps are tied to other layers' (a residual addition, a concatenation read twice, a slice or pad in code) is
/// marked <see cref="ConsumerKind.ResidualAdd"/>: feature-map pruning of it alone would break them, group pruning does not.
/// </summary>
public static class ConvLayerView
{
    public static IReadOnlyList<ConvLayer> ConvLayers(this DependencyGraph graph)
    {
        var layers = new List<ConvLayer>();
        var seen = new HashSet<Module>(ReferenceEqualityComparer.Instance);
        foreach (var call in graph.Calls.Where(c => c.Module is Conv2d && seen.Add(c.Module)))
        {
            var conv = (Conv2d)call.Module;
            var norm = graph.Calls.FirstOrDefault(c => c.Module is BatchNorm2d && c.Input is not null && ReferenceEquals(c.Input, call.Output))?.Module as BatchNorm2d;
            layers.Add(SoleConsumer(graph, conv) is var (name, consumer, perMap)
                ? new ConvLayer(call.Name, conv, norm, consumer is Linear ? ConsumerKind.Linear : ConsumerKind.Conv, name, consumer, perMap)
                : new ConvLayer(call.Name, conv, norm, ConsumerKind.ResidualAdd, null, null));
        }
        return layers;
    }

    /// <summary>The one layer reading <paramref name="conv"/>'s maps when nothing else holds them, and how many of its inputs each map is.</summary>
    private static (string Name, Module Consumer, long PerMap)? SoleConsumer(DependencyGraph graph, Conv2d conv)
    {
        if (conv.Groups != 1 || graph.GroupOf(conv, ChannelRole.Out) is not { } group) return null;
        var producers = group.Members.Where(m => m.Role == ChannelRole.Out).ToList();
        var readers = group.Members.Where(m => m.Role == ChannelRole.In).ToList();
        var through = group.Members.Where(m => m.Role == ChannelRole.Through).ToList();
        if (producers.Count != 1 || readers.Count != 1 || through.Any(m => m.Module is not BatchNorm2d) || group.Units.Any(u => !u.Prunable)) return null;
        if (readers[0].Module is Conv2d { Groups: not 1 }) return null;
        var perMap = group.Units.Select(u => u.Indices.First(x => x.Member == readers[0]).Indices.Length).Distinct().ToList();
        return perMap.Count == 1 ? (readers[0].Name, readers[0].Module, perMap[0]) : null;
    }
}
