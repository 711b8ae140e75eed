using FsCheck;
using FsCheck.Fluent;
using Workbench.Checkpoints;
using Workbench.Graph;
using Workbench.Nn;
using Workbench.Pruning;
using Workbench.Pruning.Criteria;
using Workbench.Pruning.Groups;
using Workbench.Torch;

namespace Workbench.Tests.Graph;

/// <summary>A pruned network of a user's own class saves and reloads as itself, its widths read from the file.</summary>
public class SavedWidthsTests
{
    [Fact]
    public void APrunedCompactedNetworkReloadsIntoAFreshOneOfItsClassWithTheSameOutputs()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(15), Prop.ForAll(GraphNetworks.Cases(), c =>
        {
            using var folder = new TempFolder();
            using var input = GraphNetworks.Input();
            using var pruned = GraphNetworks.Build(c);
            var graph = DependencyGraph.Trace(pruned, input);
            GroupPruner.PruneFeatureMaps(graph, c.PruneShare, new GroupCriterionSelector(new L2Norm()));
            GroupPruning.Compact(graph);
            pruned.Eval();
            SafeTensors.Save(folder["pruned.safetensors"], pruned.StateDict());
            using var expected = GraphNetworks.Forward(pruned, input);

            using var fresh = GraphNetworks.Build(c with { Seed = c.Seed + 1 });
            using var saved = SafeTensors.Load(folder["pruned.safetensors"]);
            SavedWidths.Fit(fresh, saved.Tensors.ToDictionary(kv => kv.Key, kv => kv.Value.Shape));
            fresh.LoadStateDict(saved.Tensors);
            fresh.Eval();
            using var reloaded = GraphNetworks.Forward(fresh, input);
            // The reloaded network is a network again, not a shell: it traces and its layers report their widths.
            var widths = DependencyGraph.Trace(fresh, input).Calls.Select(k => k.OutputShape[1]).SequenceEqual(DependencyGraph.Trace(pruned, input).Calls.Select(k => k.OutputShape[1]));
            return (GroupPruningPropertyTests.Close(expected, reloaded) && widths).Label(c.ToString());
        }));
    }

    [Fact]
    public void AShapeNoLayerTakesIsRefusedNamingTheEntry()
    {
        using var net = GraphNetworks.Build(new([GraphNetworks.BlockKind.Chain], [4, 3], true, 0, 0.5));
        var e = Assert.Throws<ArgumentException>(() => SavedWidths.Fit(net, new Dictionary<string, long[]> { ["body.1.0.weight"] = [3, 0, 3, 3] }));
        Assert.Contains("body.1.0.weight", e.Message);
    }
}
