using FsCheck;
using FsCheck.Fluent;
using Workbench.Nn;
using Workbench.Nn.Models;
using Workbench.Pruning.Residual;
using Workbench.Torch;

namespace Workbench.Tests.Pruning.Residual;

public class ResidualFilterPruningTests
{
    [Fact]
    public void RemovesExactlyTheLowestL1InternalFiltersAndLeavesResidualChannels()
    {
        LibTorch.ManualSeed(4);
        using var net = ResNetCifar.Create(20, 1, 8);
        var total = ResidualFilterPruning.InternalFilters(net);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(15), Prop.ForAll(Gen.Choose(0, total - 9).ToArbitrary(), n =>
        {
            using var child = ResidualFilterPruning.RemoveFilters(net, n);
            // Independent choice: every conv1 filter's L1 norm, lowest first, each block keeping one.
            var filters = net.Blocks().SelectMany(b => Enumerable.Range(0, (int)b.Block.MidChannels).Select(f =>
            {
                var w = b.Block.Conv1.Weight.Detach()[f].Abs().Sum().Item<float>();
                return (b.Name, f, w);
            })).OrderBy(x => x.w).ThenBy(x => x.Name + ".conv1", StringComparer.Ordinal).ThenBy(x => x.f).ToList();
            var left = net.Blocks().ToDictionary(b => b.Name, b => (int)b.Block.MidChannels);
            var removed = new HashSet<(string, int)>();
            foreach (var (name, f, _) in filters)
            {
                if (removed.Count == n) break;
                if (left[name] <= 1) continue;
                left[name]--;
                removed.Add((name, f));
            }
            var widths = child.Blocks().ToDictionary(b => b.Name, b => (int)b.Block.MidChannels);
            var outsUnchanged = child.Blocks().All(b => b.Block.OutChannels == net.Blocks().Single(p => p.Name == b.Name).Block.OutChannels);
            // The kept filters of one block are the parent's, in order.
            var (firstName, firstBlock) = net.Blocks().First();
            var keptRows = Enumerable.Range(0, (int)firstBlock.MidChannels).Where(f => !removed.Contains((firstName, f))).ToArray();
            using var scope = DisposeScope.Enter();
            var expected = keptRows.SelectMany(f => firstBlock.Conv1.Weight.Detach()[f].ToArrayAny()).ToArray();
            var actual = child.Blocks().First().Block.Conv1.Weight.Detach().ToArrayAny();
            return ResidualFilterPruning.InternalFilters(child) == total - n && outsUnchanged
                && widths.All(kv => kv.Value == left[kv.Key]) && expected.SequenceEqual(actual)
                && child.Forward(Tensor.RandN(2, 1, 8, 8)).Shape.SequenceEqual([2L, 10]);
        }));
    }

    [Fact]
    public void AskingForMoreFiltersThanExistSaysHowManyCan()
    {
        using var net = ResNetCifar.Create(20, 1, 8);
        var e = Assert.Throws<ArgumentException>(() => ResidualFilterPruning.RemoveFilters(net, 10_000));
        Assert.Contains("every block keeps one", e.Message);
    }
}
