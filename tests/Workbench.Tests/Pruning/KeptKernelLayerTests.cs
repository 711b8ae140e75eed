using System.Text.Json;
using Workbench.Checkpoints;
using Workbench.Nn;
using Workbench.Nn.Models;
using Workbench.Pruning;
using Workbench.Tests.Checkpoints;
using Workbench.Tests.Reference;
using Workbench.Torch;

namespace Workbench.Tests.Pruning;

/// <summary>A Conv2d that computes its kept kernels alone: made by compaction, kept in step with its mask, saved and loaded.</summary>
public class KeptKernelLayerTests
{
    private static Conv2d MaskedConv(int seed, float[] kernelMask, int inputs = 3, int outputs = 2)
    {
        LibTorch.ManualSeed((ulong)seed);
        var conv = new Conv2d(inputs, outputs, 3, padding: 1);
        conv.SetWeightMask(Tensor.From(kernelMask, outputs, inputs, 1, 1));
        return conv;
    }

    private static float[] Values(Tensor t) => t.ToArray<float>();

    [Fact]
    public void ItComputesAndTrainsAsTheMaskedLayerDoes()
    {
        var mask = new float[] { 1, 0, 1, 0, 0, 1 };
        using var masked = MaskedConv(3, mask);
        using var kept = MaskedConv(3, mask);
        kept.RunKeptKernelsOnly();
        Assert.Equal([0L, 2, 5], kept.KeptKernels!.ToArray<long>());
        using var scope = DisposeScope.Enter();
        var x = Tensor.RandN(4, 3, 6, 6);
        var target = Tensor.RandN(4, 2, 6, 6);
        foreach (var conv in new[] { masked, kept })
        {
            var sgd = new Workbench.Training.Sgd(conv.NamedParameters(), 0.1, 0.9);
            for (int step = 0; step < 3; step++)
            {
                using var inner = DisposeScope.Enter();
                conv.ZeroGrad();
                Functional.MseLoss(conv.Forward(x), target).Backward();
                sgd.Step();
            }
        }
        var (a, b) = (Values(masked.Weight), Values(kept.Weight));
        Assert.All(a.Zip(b), p => Assert.Equal(p.First, p.Second, 1e-5f));
        // The removed kernels stay exactly zero through training.
        var w = Values(kept.Weight);
        for (int k = 0; k < 6; k++)
            if (mask[k] == 0) Assert.All(w.Skip(k * 9).Take(9), v => Assert.Equal(0f, v));
        using var noGrad = Autograd.NoGrad();
        Assert.All(Values(masked.Forward(x)).Zip(Values(kept.Forward(x))), p => Assert.Equal(p.First, p.Second, 1e-4f));
    }

    [Fact]
    public void ItFollowsItsMaskOrGoesBackToTheMaskedConvolution()
    {
        using var conv = MaskedConv(4, [1, 1, 0, 0, 1, 1]);
        conv.RunKeptKernelsOnly();
        conv.SetWeightMask(Tensor.From(new float[] { 1, 0, 0, 0, 1, 1 }, 2, 3, 1, 1));
        Assert.Equal([0L, 4, 5], conv.KeptKernels!.ToArray<long>());
        // A mask that keeps part of a kernel cannot run kept kernels alone: the layer computes it densely again.
        var partial = Enumerable.Repeat(1f, 2 * 3 * 9).ToArray();
        partial[0] = 0;
        conv.SetWeightMask(Tensor.From(partial, 2, 3, 3, 3));
        Assert.Null(conv.KeptKernels);
        Assert.DoesNotContain(conv.StateDict().Keys, k => k == "kept_kernels");
    }

    [Fact]
    public void ItIsRefusedWhereItCannotApplyWithTheReason()
    {
        using var dense = new Conv2d(3, 2, 3);
        Assert.Contains("no weight mask", Assert.Throws<InvalidOperationException>(dense.RunKeptKernelsOnly).Message);
        using var grouped = new Conv2d(4, 4, 3, groups: 2);
        Assert.Contains("ungrouped", Assert.Throws<InvalidOperationException>(grouped.RunKeptKernelsOnly).Message);
        using var partial = new Conv2d(1, 1, 3);
        partial.SetWeightMask(Tensor.From(new float[] { 1, 0, 1, 1, 1, 1, 1, 1, 1 }, 1, 1, 3, 3));
        Assert.Contains("only some taps", Assert.Throws<InvalidOperationException>(partial.RunKeptKernelsOnly).Message);
    }

    /// <summary>Every layer kernel-pruned by half (two also lose half their maps), masked, not yet compacted.</summary>
    private static ConvNet KernelPruned(out Tensor input)
    {
        var c = new RandomNetworks.Case([6, 6, 6, 6, 6, 6], 6, true, 21, [0.5, 0, 0, 0.5, 0, 0], [0.5, 0.5, 0.5, 0.5, 0.5, 0.5], false);
        var net = RandomNetworks.Build(c);
        RandomNetworks.Prune(net, c);
        input = RandomNetworks.Input(21);
        return net;
    }

    private static ConvNet KernelPrunedAndCompacted(out Tensor input)
    {
        var net = KernelPruned(out input);
        Compaction.Compact(net);
        return net;
    }

    [Fact]
    public void CompactionMakesKernelPrunedLayersRunTheirKeptKernels()
    {
        using var net = KernelPruned(out var x);
        using (x)
        {
            var masked = RandomNetworks.Logits(net, x);
            Compaction.Compact(net);
            Assert.All(net.ConvLayers(), l => Assert.NotNull(l.Conv.KeptKernels));
            var compacted = RandomNetworks.Logits(net, x);
            Assert.All(masked.Zip(compacted), p => Assert.Equal(p.First, p.Second, 1e-4f));
        }
    }

    [Fact]
    public void ItsCheckpointStoresTheKeptKernelsAndLoadsByItself()
    {
        using var net = KernelPrunedAndCompacted(out var x);
        using (x)
        {
            using var folder = new TempFolder();
            var path = folder.File("kept.safetensors");
            ModelCheckpoint.Save(path, net);
            using var loaded = ModelCheckpoint.Load(path);
            var back = (ConvNet)loaded.Model;
            foreach (var (a, b) in net.ConvLayers().Zip(back.ConvLayers()))
                Assert.Equal(a.Conv.KeptKernels!.ToArray<long>(), b.Conv.KeptKernels!.ToArray<long>());
            Assert.Equal(RandomNetworks.Logits(net, x), RandomNetworks.Logits(back, x));
        }
    }

    [Fact]
    public void AKeptKernelIndexThatDisagreesWithItsMaskIsRefused()
    {
        using var net = KernelPrunedAndCompacted(out var x);
        x.Dispose();
        using var folder = new TempFolder();
        var path = folder.File("kept.safetensors");
        ModelCheckpoint.Save(path, net);
        var tensors = SafeTensors.Load(path);
        var name = "features.0.kept_kernels";
        var kept = tensors.Tensors[name].ToArray<long>();
        tensors.Tensors[name] = Tensor.From(kept.Take(kept.Length - 1).ToArray());
        var bad = folder.File("bad.safetensors");
        SafeTensors.Save(bad, tensors.Tensors, tensors.Metadata);
        var e = Assert.Throws<InvalidDataException>(() => ModelCheckpoint.Load(bad));
        Assert.Contains(name, e.Message);
        Assert.Contains("does not list the kernels", e.Message);
    }

    /// <summary>PyTorch reads the file as it is: the dense weights are zero exactly where kept_kernels says, and a plain conv with them gives our layer's output.</summary>
    [Fact]
    public void PyTorchReadsTheWeightsAndTheKeptKernelsAgree()
    {
        using var scope = DisposeScope.Enter();
        using var net = KernelPrunedAndCompacted(out var x);
        using var folder = new TempFolder();
        var path = folder.File("kept.safetensors");
        ModelCheckpoint.Save(path, net);
        var conv = net.ConvLayers().First().Conv;
        var input = folder.File("input.safetensors");
        Tensor ours;
        using (Autograd.NoGrad()) ours = conv.Forward(x);
        SafeTensors.Save(input, new Dictionary<string, Tensor> { ["x"] = x, ["y"] = ours });
        var script = PythonSafetensorsScript.Source.Split("\ntensors, metadata = read(sys.argv[1])")[0] + """

            import torch.nn.functional as F
            tensors, _ = read(sys.argv[1])
            io, _ = read(sys.argv[2])
            w, kept = tensors["features.0.weight"], tensors["features.0.kept_kernels"]
            o, i = w.shape[0], w.shape[1]
            nonzero = (w.reshape(o * i, -1).abs().amax(1) > 0).nonzero().flatten()
            y = F.conv2d(io["x"], w, tensors["features.0.bias"], padding=1)
            print(json.dumps({"keptIsNonzero": bool(torch.equal(nonzero, kept)), "maxDifference": float((y - io["y"]).abs().max())}))
            """;
        using var json = JsonDocument.Parse(SystemPython.Run(script, path, input));
        Assert.True(json.RootElement.GetProperty("keptIsNonzero").GetBoolean());
        Assert.True(json.RootElement.GetProperty("maxDifference").GetDouble() < 1e-4);
    }
}
