using System.Globalization;
using System.Text;
using Workbench.Measurement;
using Workbench.Nn;
using Workbench.Nn.Models;
using Workbench.Pruning;
using Workbench.Pruning.Criteria;
using Workbench.Pruning.Selection;
using Workbench.Torch;

namespace Workbench.Cli.Bench;

/// <summary>
/// Kernel pruning made real: the masked dense convolution against the kept-kernel convolution, for the
/// same pruned layer in one run (single layers, a training step, and a whole kernel-pruned ConvNet).
/// </summary>
internal static class KernelBenchmarks
{
    private sealed record LayerCase(string Layer, long In, long Out, long Side, string Pattern, int Batch);

    public static (string Markdown, object Rows) Run(bool quick, int repeats, Device device)
    {
        var md = new StringBuilder();
        var rows = new List<object>();
        double[] sparsities = quick ? [0.75] : [0.5, 0.75, 0.9];
        md.Append($"Instruction set: `{LibTorch.KeptKernelInstructionSet}`, {LibTorch.Threads} threads. Kept kernels chosen by L1 norm; " +
                  "GFLOP/s count each side's own MACs (dense: all kernels; kept: the kept ones), so speedup = MAC ratio × (kept rate ÷ dense rate).\n\n");

        md.Append("**Single layers, inference**\n\n| layer | pattern | batch | kernel sparsity | masked dense (ms) | kept-kernel (ms) | realised speedup | MAC ratio | speedup / MAC ratio | dense GFLOP/s | kept GFLOP/s |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
        foreach (var c in LayerCases(quick))
            foreach (var sparsity in sparsities)
                rows.Add(Layer(c, sparsity, training: false, quick ? 3 : repeats, device, md));

        md.Append("\n**One training step (forward and backward) of the 64→64 layer**\n\n| layer | pattern | batch | kernel sparsity | masked dense (ms) | kept-kernel (ms) | realised speedup | MAC ratio | speedup / MAC ratio | dense GFLOP/s | kept GFLOP/s |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
        var step = new LayerCase("64→64 3×3 at 16×16", 64, 64, 16, "general", 64);
        foreach (var sparsity in sparsities) rows.Add(Layer(step, sparsity, training: true, quick ? 3 : repeats, device, md));

        md.Append("\n**The paper's ConvNet (width 1) on 3×32×32, every conv layer kernel-pruned, then compacted, inference**\n\n| batch | kernel sparsity | masked dense (ms) | kept-kernel (ms) | realised speedup | conv MAC ratio | speedup / MAC ratio |\n|---|---|---|---|---|---|---|\n");
        foreach (var batch in quick ? new[] { 64 } : [1, 256])
            foreach (var sparsity in sparsities)
                rows.Add(Network(batch, sparsity, quick ? 2 : Math.Max(3, repeats / 4), device, md));
        return (md.ToString(), rows);
    }

    /// <summary>The 64→64 layer in both patterns, then the paper's width-1 ConvNet's six layers at batch 1 and 256.</summary>
    private static IEnumerable<LayerCase> LayerCases(bool quick)
    {
        yield return new LayerCase("64→64 3×3 at 16×16", 64, 64, 16, "equal per map", 64);
        yield return new LayerCase("64→64 3×3 at 16×16", 64, 64, 16, "general", 64);
        (string Name, long In, long Out, long Side)[] paper =
            [("conv1 3→128 at 32×32", 3, 128, 32), ("conv2 128→128 at 32×32", 128, 128, 32), ("conv3 128→128 at 16×16", 128, 128, 16),
             ("conv4 128→128 at 16×16", 128, 128, 16), ("conv5 128→256 at 8×8", 128, 256, 8), ("conv6 256→256 at 8×8", 256, 256, 8)];
        foreach (var batch in quick ? new[] { 64 } : [1, 256])
            foreach (var (name, inputs, outputs, side) in quick ? paper[3..4] : paper)
                yield return new LayerCase($"paper {name}", inputs, outputs, side, "general", batch);
    }

    private static object Layer(LayerCase c, double sparsity, bool training, int repeats, Device device, StringBuilder md)
    {
        using var scope = DisposeScope.Enter();
        LibTorch.ManualSeed(0);
        using var masked = new Conv2d(c.In, c.Out, 3, padding: 1);
        var layer = new ConvLayer("conv", masked, null, ConsumerKind.ResidualAdd, null, null);
        var granularity = c.Pattern == "general" ? Granularity.Kernel : Granularity.KernelEqualPerMap;
        LayerPruner.Apply(new CriterionSelector(new L1Norm()).Select(layer, granularity, sparsity).Choice);
        using var kept = KeptCopy(masked);
        masked.To(device);
        kept.To(device);
        var x = Tensor.RandN(c.Batch, c.In, c.Side, c.Side).To(device);
        x.RequiresGrad = training;
        void Pass(Conv2d conv)
        {
            using var inner = DisposeScope.Enter();
            if (!training)
            {
                using var noGrad = Autograd.NoGrad();
                conv.Forward(x);
                return;
            }
            conv.Forward(x).Sum().Backward();
            conv.ZeroGrad();
            x.ClearGrad();
        }
        var difference = MaxDifference(masked, kept, x);
        var t = Timing.Alternate(2, repeats, ("masked", Timing.Synchronized(device, () => Pass(masked))), ("kept", Timing.Synchronized(device, () => Pass(kept))));
        var (denseMacs, keptMacs) = (masked.Macs(c.Side, c.Side), KeptMacs(kept, c.Side * c.Side));
        // Backward does about twice the forward's MACs on each side, so the rates stay comparable.
        var work = training ? 3.0 : 1.0;
        var result = Row(c.Layer, c.Pattern, c.Batch, sparsity, t, denseMacs, keptMacs, work, md);
        return new { result.layer, result.pattern, kind = training ? "training step" : "inference", result.batch, sparsity = result.sparsity, result.macRatio,
                     denseSeconds = t[0].Seconds, sparseSeconds = t[1].Seconds, result.speedup, result.denseGflops, result.sparseGflops, maxAbsDifference = difference,
                     device = device.ToString(), instructionSet = LibTorch.KeptKernelInstructionSet, threads = LibTorch.Threads };
    }

    private sealed record RowFigures(string layer, string pattern, int batch, double sparsity, double macRatio, double speedup, double denseGflops, double sparseGflops);

    private static RowFigures Row(string name, string pattern, int batch, double sparsity, Timing[] t, long denseMacs, long keptMacs, double work, StringBuilder md)
    {
        var macRatio = (double)denseMacs / Math.Max(1, keptMacs);
        var speedup = t[0].Median / t[1].Median;
        var denseRate = work * 2.0 * batch * denseMacs / t[0].Median / 1e9;
        var keptRate = work * 2.0 * batch * keptMacs / t[1].Median / 1e9;
        md.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {pattern} | {batch} | {sparsity:P0} | {1000 * t[0].Median:F2} ({1000 * t[0].Low:F2}–{1000 * t[0].High:F2}) | {1000 * t[1].Median:F2} ({1000 * t[1].Low:F2}–{1000 * t[1].High:F2}) | {speedup:F2}× | {macRatio:F2}× | {speedup / macRatio:F2} | {denseRate:F1} | {keptRate:F1} |"));
        return new RowFigures(name, pattern, batch, sparsity, macRatio, speedup, denseRate, keptRate);
    }

    private static object Network(int batch, double sparsity, int repeats, Device device, StringBuilder md)
    {
        using var scope = DisposeScope.Enter();
        LibTorch.ManualSeed(0);
        using var masked = ConvNet.Create(3, 32, width: 1);
        Schedule.OneShot(masked, PruningStep.ForLayers(masked, Granularity.Kernel, (_, _) => sparsity), new CriterionSelector(new L1Norm()));
        using var kept = NetworkCopy.Clone(masked);
        Compaction.Compact(kept);
        masked.To(device).Eval();
        kept.To(device).Eval();
        var x = Tensor.RandN(batch, 3, 32, 32).To(device);
        void Infer(Module net)
        {
            using var inner = DisposeScope.Enter();
            using var noGrad = Autograd.NoGrad();
            net.Forward(x);
        }
        var t = Timing.Alternate(1, repeats, ("masked", Timing.Synchronized(device, () => Infer(masked))), ("kept", Timing.Synchronized(device, () => Infer(kept))));
        var sides = new[] { 32L, 32, 16, 16, 8, 8 };
        var convs = kept.ConvLayers().Select(l => l.Conv).ToArray();
        var denseMacs = convs.Select((c, i) => c.Macs(sides[i], sides[i])).Sum();
        var keptMacs = convs.Select((c, i) => KeptMacs(c, sides[i] * sides[i])).Sum();
        var macRatio = (double)denseMacs / keptMacs;
        var speedup = t[0].Median / t[1].Median;
        md.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"| {batch} | {sparsity:P0} | {1000 * t[0].Median:F1} ({1000 * t[0].Low:F1}–{1000 * t[0].High:F1}) | {1000 * t[1].Median:F1} ({1000 * t[1].Low:F1}–{1000 * t[1].High:F1}) | {speedup:F2}× | {macRatio:F2}× | {speedup / macRatio:F2} |"));
        return new { layer = "paper ConvNet width 1, whole network", pattern = "general", kind = "inference", batch, sparsity, macRatio, denseSeconds = t[0].Seconds, sparseSeconds = t[1].Seconds, speedup,
                     keptKernelConvs = convs.Count(c => c.KeptKernels is not null), device = device.ToString(), instructionSet = LibTorch.KeptKernelInstructionSet, threads = LibTorch.Threads };
    }

    /// <summary>A second layer with the same weights and mask that computes only its kept kernels.</summary>
    private static Conv2d KeptCopy(Conv2d masked)
    {
        var copy = new Conv2d(masked.InChannels, masked.OutChannels, masked.KernelSize, masked.Stride, masked.Padding, masked.Bias is not null);
        using (Autograd.NoGrad())
        {
            copy.Weight.Copy_(masked.Weight);
            copy.Bias?.Copy_(masked.Bias!);
        }
        copy.SetWeightMask(masked.WeightMask);
        copy.RunKeptKernelsOnly();
        return copy;
    }

    private static long KeptMacs(Conv2d conv, long pixels) =>
        (conv.KeptKernels?.NumEl ?? conv.OutChannels * conv.InChannels) * conv.KernelSize * conv.KernelSize * pixels;

    /// <summary>The largest difference between the two layers' outputs: a benchmark that computed something else would show here.</summary>
    private static double MaxDifference(Conv2d masked, Conv2d kept, Tensor x)
    {
        using var scope = DisposeScope.Enter();
        using var noGrad = Autograd.NoGrad();
        return (masked.Forward(x) - kept.Forward(x)).Abs().Max().To(DType.Float64).Item<double>();
    }
}
