using FsCheck;
using FsCheck.Fluent;
using Workbench.Nn;
using Workbench.Pruning;
using Workbench.Torch;

namespace Workbench.Tests.Pruning;

public class CompactionTests
{
    [Fact]
    public void CompactedNetworkComputesWhatTheMaskedOneDid()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(40), Prop.ForAll(RandomNetworks.Cases(), c =>
        {
            using var net = RandomNetworks.Build(c);
            RandomNetworks.Prune(net, c);
            using var x = RandomNetworks.Input(c.Seed);
            var masked = RandomNetworks.Logits(net, x);
            var mapsBefore = net.ConvLayers().Select(l => l.Conv.OutChannels).ToArray();
            var removed = Compaction.Compact(net);
            var compacted = RandomNetworks.Logits(net, x);
            var mapsAfter = net.ConvLayers().Select(l => l.Conv.OutChannels).ToArray();
            // Every removed map is gone from the shapes, and nothing else changed.
            var shrunk = net.ConvLayers().All(l => mapsAfter[net.ConvLayers().ToList().IndexOf(l)] ==
                mapsBefore[net.ConvLayers().ToList().IndexOf(l)] - removed.GetValueOrDefault(l.Name));
            var close = masked.Zip(compacted).All(p => Math.Abs(p.First - p.Second) <= 1e-5 + 1e-5 * Math.Abs(p.First));
            return (close && shrunk).Label(c.ToString());
        }));
    }

    [Fact]
    public void FeatureMapPruningRemovesMapsAndTheArchitectureFollows()
    {
        var c = new RandomNetworks.Case([4, 4, 4, 4, 4, 4], 5, true, 1, [0.5, 0, 0, 0, 0, 0.75], [0, 0, 0, 0, 0, 0], false);
        using var net = RandomNetworks.Build(c);
        RandomNetworks.Prune(net, c);
        Compaction.Compact(net);
        var arch = (Workbench.Nn.ConvNetArchitecture)net.Architecture;
        Assert.Equal([2, 4, 4, 4, 4, 1], arch.Channels);
        Assert.Equal(1 * 2 * 2, ((Linear)net.Classifier.Layers.First(m => m is Linear)).InFeatures);
        // The rebuilt architecture has exactly the compacted shapes: what checkpoints rely on.
        using var rebuilt = arch.Build();
        Assert.All(net.StateDict().Where(kv => !kv.Key.EndsWith("weight_mask")), kv => Assert.Equal(kv.Value.Shape, rebuilt.StateDict()[kv.Key].Shape));
    }

    [Fact]
    public void APrunedMapContributesExactlyZeroDownstreamWhateverItsBatchNormShift()
    {
        var c = new RandomNetworks.Case([5, 5, 5, 5, 5, 5], 6, true, 3, [0.4, 0.4, 0.4, 0.4, 0.4, 0.4], [0, 0, 0, 0, 0, 0], false);
        using var net = RandomNetworks.Build(c);
        RandomNetworks.Prune(net, c);
        using var x = RandomNetworks.Input(3);
        var before = RandomNetworks.Logits(net, x);
        using (Autograd.NoGrad())
            foreach (var layer in net.ConvLayers())
            {
                var read = Compaction.MapsStillRead(layer);
                for (int j = 0; j < read.Length; j++)
                    if (!read[j]) using (var shift = layer.Norm!.Bias[j]) shift.Fill_(1000.0); // a huge shift on every pruned map
            }
        Assert.Equal(before, RandomNetworks.Logits(net, x));
    }
}
