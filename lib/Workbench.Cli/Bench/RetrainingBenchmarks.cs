using System.Diagnostics;
using System.Globalization;
using System.Text;
using Workbench.Data;
using Workbench.Measurement;
using Workbench.Nn;
using Workbench.Nn.Models;
using Workbench.Pruning;
using Workbench.Pruning.Criteria;
using Workbench.Pruning.Selection;
using Workbench.Torch;
using Workbench.Training;

namespace Workbench.Cli.Bench;

/// <summary>
/// Retraining with the masks fixed, the bulk of a coarse-pruning run: the masked network (every map computed) against
/// training through a compacted copy (<see cref="CompactedTraining"/>), at each state of the real-budget headline
/// schedule (the width-0.25 ConvNet on 1×28×28, half the maps and then half the surviving kernels of each layer in turn).
/// Step times are the trainer's alone; the copy, the cut and the write-back that a retraining call pays once are timed
/// apart, and counted once a call in the schedule's total.
/// </summary>
internal static class RetrainingBenchmarks
{
    private const int Batch = 128;
    private const int TrainImages = 59_000;
    private static readonly int StepsPerEpoch = (TrainImages + Batch - 1) / Batch;

    public static (string Markdown, object Rows) Run(int steps, int repeats, Device device)
    {
        using var data = RandomImages.Of([1, 28, 28], steps * Batch, "random Fashion-MNIST-sized");
        var options = new TrainingOptions
        {
            Epochs = 1, BatchSize = Batch, LearningRate = 0.01, Momentum = 0.9, WeightDecay = 5e-4, Seed = 0, Device = device,
            Normalization = new Normalization([0.286f], [0.353f]), ProgressEvery = 50,
        };
        LibTorch.ManualSeed(0);
        using var net = ConvNet.Create(1, 28, width: 0.25);
        net.To(device);
        var label = $"{net.Describe()} on 1×28×28";
        var md = new StringBuilder($"**{label}**, batch {Batch}, {steps} steps per repeat\n\n" +
            "| layers pruned | masked (ms/step) | compacted copy (ms/step) | speedup | MAC ratio (dense network / compacted copy) | copy, cut and write-back (ms a call) |\n|---|---|---|---|---|---|\n");
        var rows = new List<object>();
        var layers = net.ConvLayers();
        var (masked, compacted, overheads) = (new List<double>(), new List<double>(), new List<double>());
        for (int k = 1; k <= layers.Count; k++)
        {
            // Layer k pruned as the headline prunes it (L1 here: the choice of maps does not change the cost).
            var selector = new CriterionSelector(new L1Norm());
            Schedule.Prune(net, new PruningStep(layers[k - 1].Name, Granularity.FeatureMap, 0.5), selector);
            Schedule.Prune(net, new PruningStep(layers[k - 1].Name, Granularity.Kernel, 0.5), selector);
            using var compactedCopy = NetworkCopy.Clone(net);
            Compaction.RemoveUnreadMaps(compactedCopy);
            var macRatio = (double)ModelStats.Count(net, net.InputShape).TotalMacs / ModelStats.Count((Module)compactedCopy, compactedCopy.InputShape).TotalMacs;
            using var snapshot = NetworkCopy.Clone(net);
            void Restore() => net.LoadStateDict(snapshot.StateDict());
            // Each side's trainer is timed inside the call; the compacted call's remainder is its copy, cut and write-back.
            var (fitMasked, fitCompacted, whole) = (new List<double>(), new List<double>(), new List<double>());
            void Fit(Module model, List<double> into)
            {
                var clock = Stopwatch.StartNew();
                new Trainer(model, options).Fit(data);
                into.Add(clock.Elapsed.TotalSeconds);
            }
            Timing.Alternate(1, repeats,
                ("masked", () => { Restore(); Fit(net, fitMasked); }),
                ("compacted", () => { Restore(); var clock = Stopwatch.StartNew(); CompactedTraining.Train(net, m => Fit(m, fitCompacted)); whole.Add(clock.Elapsed.TotalSeconds); }));
            Restore();
            var mt = new Timing("masked", [.. fitMasked.Skip(1)]);
            var ct = new Timing("compacted", [.. fitCompacted.Skip(1)]);
            var overhead = new Timing("overhead", [.. whole.Zip(fitCompacted).Skip(1).Select(p => p.First - p.Second)]).Median;
            var (m, c) = (mt.Median / steps, ct.Median / steps);
            masked.Add(m);
            compacted.Add(c);
            overheads.Add(overhead);
            md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {k} of {layers.Count} | {1000 * m:F1} ({1000 * mt.Low / steps:F1}–{1000 * mt.High / steps:F1}) | {1000 * c:F1} ({1000 * ct.Low / steps:F1}–{1000 * ct.High / steps:F1}) | {m / c:F2}× | {macRatio:F2}× | {1000 * overhead:F0} |"));
            rows.Add(new { network = label, device = device.ToString(), layersPruned = k, steps, batch = Batch, maskedSeconds = mt.Seconds, compactedSeconds = ct.Seconds, overheadSeconds = overhead, speedup = m / c, macRatio });
        }
        // The headline schedule: 3 epochs after each layer, then a 10-epoch final fine-tune at the last state.
        var epochs = Enumerable.Repeat(3.0, layers.Count).ToArray();
        epochs[^1] += 10;
        double Minutes(List<double> perStep) => perStep.Zip(epochs).Sum(p => p.First * p.Second) * StepsPerEpoch / 60;
        // One retraining call after each layer, the final fine-tune a second call at the last state.
        var (before, after) = (Minutes(masked), Minutes(compacted) + (overheads.Sum() + overheads[^1]) / 60);
        md.AppendLine().AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Retraining in the real-budget schedule (3 epochs of {TrainImages:N0} images after each layer, then 10 at the end), from these step times: **{before:F0} min masked, {after:F0} min through the compacted copy ({before / after:F2}×)**."));
        return (md.ToString(), new { states = rows, scheduleMinutesMasked = before, scheduleMinutesCompacted = after });
    }
}
