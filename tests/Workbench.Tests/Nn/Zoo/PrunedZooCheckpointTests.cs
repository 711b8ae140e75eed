using System.Text.Json;
using Workbench.Checkpoints;
using Workbench.Graph;
using Workbench.Nn;
using Workbench.Pruning;
using Workbench.Pruning.Criteria;
using Workbench.Pruning.Groups;
using Workbench.Tests.Graph;
using Workbench.Tests.Reference;
using Workbench.Torch;

namespace Workbench.Tests.Nn.Zoo;

/// <summary>
/// A pruned zoo network saves and reloads as itself, its widths read from the checkpoint, and PyTorch loads the same file
/// with strict=True into torchvision's model narrowed to the checkpoint's shapes (environment.md's recipe).
/// </summary>
public class PrunedZooCheckpointTests
{
    [Fact]
    public void APrunedCompactedResNet18ReloadsHereAndInTorchvisionWithTheSameOutputs()
    {
        using var folder = new TempFolder();
        LibTorch.ManualSeed(80);
        using var model = ZooFixtures.Create("resnet18");
        ZooFixtures.GiveLiveState(model, seed: 81);
        model.Eval();
        using var input = ModelFixtures.Input(model.InputShape, batch: 2, seed: 82);
        var graph = DependencyGraph.Trace(model, input);
        GroupPruner.PruneFeatureMaps(graph, 0.5, new GroupCriterionSelector(new L1Norm()));
        GroupPruning.Compact(graph);
        Assert.Equal(32, model.NamedModules().Select(m => m.Module).OfType<Conv2d>().First().OutChannels);
        using var expected = GraphNetworks.Forward(model, input);
        var path = folder.File("resnet18-pruned.safetensors");
        ModelCheckpoint.Save(path, model);

        using (var loaded = ModelCheckpoint.Load(path))
        {
            loaded.Model.Eval();
            using var reloaded = GraphNetworks.Forward(loaded.Model, input);
            Assert.True(GroupPruningPropertyTests.Close(expected, reloaded), "the reloaded network computes otherwise");
        }
        using (var copy = (Module)NetworkCopy.Clone(model))
        {
            copy.Eval();
            using var copied = GraphNetworks.Forward(copy, input);
            Assert.True(GroupPruningPropertyTests.Close(expected, copied), "the copy computes otherwise");
        }

        var theirs = PyTorch.Run(Script.Replace("PATH_JSON", JsonSerializer.Serialize(path)), new Dictionary<string, Tensor> { ["x"] = input }, TimeSpan.FromMinutes(2))["logits"];
        var ours = expected.To(DType.Float64).ToArray<double>();
        Assert.Equal(expected.Shape, theirs.Shape);
        var scale = Math.Max(1, theirs.Values.Max(Math.Abs));
        for (var k = 0; k < ours.Length; k++) Assert.True(Math.Abs(ours[k] - theirs.Values[k]) <= 1e-4 * scale, $"logit {k}: {ours[k]} here, {theirs.Values[k]} in torchvision");
    }

    /// <summary>environment.md's recipe, as a user would run it.</summary>
    private const string Script = PyTorch.SafetensorsReader + """
        import json
        import torchvision.models as tvm

        def narrow_to(model, state):
            for name, m in list(model.named_modules()):
                w = state.get(name + ".weight")
                if w is None or w.shape == m.weight.shape:
                    continue
                if isinstance(m, torch.nn.Conv2d):
                    depthwise = m.groups > 1 and m.groups == m.in_channels == m.out_channels
                    groups = w.shape[0] if depthwise else m.groups
                    new = torch.nn.Conv2d(w.shape[1] * groups, w.shape[0], m.kernel_size, m.stride, m.padding, m.dilation, groups, m.bias is not None)
                elif isinstance(m, torch.nn.BatchNorm2d):
                    new = torch.nn.BatchNorm2d(w.shape[0], m.eps, m.momentum)
                elif isinstance(m, torch.nn.Linear):
                    new = torch.nn.Linear(w.shape[1], w.shape[0], m.bias is not None)
                else:
                    continue
                parent, _, child = name.rpartition(".")
                setattr(model.get_submodule(parent) if parent else model, child, new)
            model.load_state_dict(state, strict=True)
            return model

        state, metadata = read_safetensors(PATH_JSON)
        arch = json.loads(metadata["workbench.architecture"])
        net = narrow_to(tvm.resnet18(num_classes=arch["numClasses"]), state)
        net.eval()
        with torch.no_grad():
            outputs["logits"] = net(inputs["x"])
        """;
}
