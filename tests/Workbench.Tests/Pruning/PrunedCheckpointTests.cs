using Workbench.Checkpoints;
using Workbench.Nn;
using Workbench.Nn.Models;
using Workbench.Pruning;

namespace Workbench.Tests.Pruning;

public class PrunedCheckpointTests
{
    [Fact]
    public void MasksTravelInCheckpointsAndComeBackOnTheirLayers()
    {
        var c = new RandomNetworks.Case([4, 5, 4, 5, 4, 5], 6, true, 8, [0.5, 0, 0.25, 0, 0, 0.5], [0, 0.5, 0, 0.5, 0, 0], false);
        using var net = RandomNetworks.Build(c);
        RandomNetworks.Prune(net, c);
        using var folder = new TempFolder();
        var path = folder.File("pruned.safetensors");
        ModelCheckpoint.Save(path, net);

        using var loaded = ModelCheckpoint.Load(path);
        var back = (ConvNet)loaded.Model;
        Assert.Empty(loaded.Extra);
        foreach (var (a, b) in net.ConvLayers().Zip(back.ConvLayers()))
            Assert.Equal(a.Conv.WeightMask?.ToArrayAny(), b.Conv.WeightMask?.ToArrayAny());
        Assert.Equal(PruningReport.Of(net, [2, 8, 8]).Summary, PruningReport.Of(back, [2, 8, 8]).Summary);
        using var x = RandomNetworks.Input(8);
        Assert.Equal(RandomNetworks.Logits(net, x), RandomNetworks.Logits(back, x));
    }

    [Fact]
    public void ACompactedNetworkLoadsByItself()
    {
        var c = new RandomNetworks.Case([6, 6, 6, 6, 6, 6], 6, true, 9, [0.5, 0.5, 0.5, 0.5, 0.5, 0.5], [0, 0.3, 0, 0, 0, 0], true);
        using var net = RandomNetworks.Build(c);
        RandomNetworks.Prune(net, c);
        Compaction.Compact(net);
        using var folder = new TempFolder();
        var path = folder.File("compact.safetensors");
        ModelCheckpoint.Save(path, net);
        using var loaded = ModelCheckpoint.Load(path);
        Assert.Equal([3, 3, 3, 3, 3, 3], ((ConvNetArchitecture)loaded.Architecture).Channels);
        using var x = RandomNetworks.Input(9);
        Assert.Equal(RandomNetworks.Logits(net, x), RandomNetworks.Logits(loaded.Model, x));
    }
}
