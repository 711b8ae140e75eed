using Workbench.Graph;
using Workbench.Nn;
using Workbench.Nn.Models;
using Workbench.Torch;

namespace Workbench.Tests.Graph;

/// <summary>The layer view the pruning code uses, traced, against the structure of the two shipped networks written out by hand.</summary>
public class ConvLayerViewTests
{
    private static string Row(ConvLayer l) => $"{l.Name} norm={(l.Norm is null ? "-" : "bn")} {l.Consumer} {l.ConsumerName ?? "-"} per={l.FeaturesPerMap}";

    [Theory]
    [InlineData(true, 0.0)]
    [InlineData(false, 0.0)]
    [InlineData(true, 0.3)]
    public void ConvNetLayersAreEachConvWithItsNormAndTheNextLayer(bool batchNorm, double dropout)
    {
        using var net = ConvNet.Create(1, 28, 10, 0.125, batchNorm, dropout);
        var step = batchNorm ? 3 : 2;
        // features: conv, [bn], relu, and a pool after the second and fourth conv.
        var indices = new List<int>();
        var at = 0;
        for (var i = 0; i < 6; i++)
        {
            indices.Add(at);
            at += step + (i is 1 or 3 ? 1 : 0);
        }
        var firstLinear = dropout > 0 ? 2 : 1;
        var expected = indices.Select((index, i) => i < 5
            ? $"features.{index} norm={(batchNorm ? "bn" : "-")} Conv features.{indices[i + 1]} per=1"
            : $"features.{index} norm={(batchNorm ? "bn" : "-")} Linear classifier.{firstLinear} per=49").ToList();
        Assert.Equal(expected, DependencyGraph.Of(net).ConvLayers().Select(Row).ToList());
    }

    [Fact]
    public void ResNetLayersTieTheStemAndEverySecondConvToTheResidualStream()
    {
        using var net = ResNetCifar.Create(20, 3, 32, 10);
        var expected = new List<string> { "conv1 norm=bn ResidualAdd - per=1" };
        foreach (var (name, _) in net.Blocks())
        {
            expected.Add($"{name}.conv1 norm=bn Conv {name}.conv2 per=1");
            expected.Add($"{name}.conv2 norm=bn ResidualAdd - per=1");
        }
        var layers = DependencyGraph.Of(net).ConvLayers();
        Assert.Equal(expected, layers.Select(Row).ToList());
        Assert.All(layers, l => Assert.Same(l.Conv, net.NamedModules().First(m => m.Name == l.Name).Module));
    }

    [Fact]
    public void AResNetWithRemovedBlocksAndNarrowMiddlesTracesAsItIsNow()
    {
        using var net = new ResNetCifar(new ResNetArchitecture { Depth = 20, InChannels = 1, InputSize = 28, Stages = [[16], [5, 32], [64, 7]] });
        var layers = DependencyGraph.Of(net).ConvLayers();
        Assert.Equal(11, layers.Count);
        var middle = layers.Single(l => l.Name == "layer2.0.conv1");
        Assert.Equal(5, middle.Conv.OutChannels);
        Assert.Equal(ConsumerKind.Conv, middle.Consumer);
    }

    [Fact]
    public void TheResidualStreamsOfOptionAShortcutsArePinnedByTheirPadding()
    {
        using var net = ResNetCifar.Create(20, 3, 32, 10);
        var graph = DependencyGraph.Of(net);
        var stream = graph.GroupOf(net.Conv1, ChannelRole.Out)!;
        Assert.False(stream.Prunable);
        Assert.Contains("pad of channels", stream.Units[0].PinnedBy);
        var inner = graph.GroupOf(net.Blocks().First().Block.Conv1, ChannelRole.Out)!;
        Assert.True(inner.Units.All(u => u.Prunable));
        Assert.Equal(16, inner.Units.Count);
    }
}
