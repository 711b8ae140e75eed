using FsCheck;
using FsCheck.Fluent;
using Workbench.Nn;
using Workbench.Nn.Models;
using Workbench.Pruning.Residual;
using Workbench.Torch;

namespace Workbench.Tests.Pruning.Residual;

public class BlockRemovalTests
{
    private static ResNetCifar Small(int depth = 20, ulong seed = 1)
    {
        LibTorch.ManualSeed(seed);
        return ResNetCifar.Create(depth, inChannels: 1, inputSize: 8);
    }

    [Fact]
    public void RemovableBlocksExcludeDownsamplingAndRespectTheMinimum()
    {
        using var net = Small(32); // five blocks per stage
        var removable = BlockRemoval.Removable(net, minimumPerStage: 2);
        Assert.DoesNotContain("layer2.0", removable);
        Assert.DoesNotContain("layer3.0", removable);
        Assert.Contains("layer1.0", removable); // stage 1's first block keeps width and stride
        Assert.Equal(15 - 2, removable.Count);
        Assert.Empty(BlockRemoval.Removable(net, minimumPerStage: 5));
    }

    [Fact]
    public void RemovingABlockLowersTheCountsByExactlyItsShareAndTheRestIsCopied()
    {
        using var net = Small();
        var blocks = BlockRemoval.Removable(net, 1);
        Prop.ForAll(Gen.Elements(blocks.ToArray()).ToArbitrary(), name =>
        {
            using var child = BlockRemoval.Remove(net, name);
            var before = ModelStats.Count(net, net.InputShape);
            var after = ModelStats.Count(child, child.InputShape);
            var block = net.Blocks().Single(b => b.Name == name).Block;
            var blockMacs = before.Layers.Where(l => l.Name.StartsWith(name + ".", StringComparison.Ordinal)).Sum(l => l.Macs);
            var blockParams = block.Parameters().Sum(p => p.NumEl);
            // The stem's weights are copied, so the first activations agree exactly.
            using var scope = DisposeScope.Enter();
            var same = net.Conv1.Weight.Detach().ToArrayAny().SequenceEqual(child.Conv1.Weight.Detach().ToArrayAny());
            return after.TotalMacs == before.TotalMacs - blockMacs && after.TotalParameters == before.TotalParameters - blockParams
                && child.Blocks().Count() == net.Blocks().Count() - 1 && same
                && child.Forward(Tensor.RandN(2, 1, 8, 8)).Shape.SequenceEqual([2L, 10]);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void LaterBlocksOfTheStageMoveDownByOne()
    {
        using var net = Small();
        using var child = BlockRemoval.Remove(net, "layer1.1");
        var old = net.StateDict()["layer1.2.conv1.weight"].Detach().ToArrayAny();
        Assert.Equal(old, child.StateDict()["layer1.1.conv1.weight"].Detach().ToArrayAny());
        Assert.Equal(((ResNetArchitecture)child.Architecture).Stages.Select(s => s.Length), [2, 3, 3]);
    }

    [Fact]
    public void BadRemovalsNameTheBlockAndTheRule()
    {
        using var net = Small();
        Assert.Contains("downsampling", Assert.Throws<ArgumentException>(() => BlockRemoval.Remove(net, "layer2.0")).Message);
        Assert.Contains("layer9.9", Assert.Throws<ArgumentException>(() => BlockRemoval.Remove(net, "layer9.9")).Message);
        Assert.Contains("fewer than 3", Assert.Throws<ArgumentException>(() => BlockRemoval.Remove(net, "layer1.1", minimumPerStage: 3)).Message);
    }
}
