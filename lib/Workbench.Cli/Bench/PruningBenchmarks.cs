using Workbench.Measurement;
using System.Globalization;
using System.Text;
using Workbench.Data;
using Workbench.Nn;
using Workbench.Nn.Models;
using Workbench.Pruning;
using Workbench.Pruning.Criteria;
using Workbench.Pruning.Selection;
using Workbench.Torch;

namespace Workbench.Cli.Bench;

/// <summary>
/// The pruning benchmarks: what compaction buys in inference time, and what reusing the activations
/// entering a layer buys the least-adversarial search. Each writes a markdown section and JSON rows.
/// </summary>
internal static class PruningBenchmarks
{
    /// <summary>Dense vs feature-map-pruned-and-compacted networks at several removal ratios and batch sizes.</summary>
    public static (string Markdown, object Rows) Inference(string network, Func<ConvNet> baseline, double[] ratios, int[] batches, int repeats, Device device)
    {
        var md = new StringBuilder($"**{network}**\n\n| maps removed | batch | dense (ms) | compacted (ms) | realised speedup | MAC ratio | speedup / MAC ratio | dense GFLOP/s | compacted GFLOP/s |\n|---|---|---|---|---|---|---|---|---|\n");
        var rows = new List<object>();
        foreach (var ratio in ratios)
        {
            using var dense = baseline();
            using var compact = baseline();
            Schedule.OneShot(compact, PruningStep.ForLayers(compact, Granularity.FeatureMap, (_, _) => ratio), new CriterionSelector(new L1Norm()));
            Compaction.Compact(compact);
            dense.To(device);
            compact.To(device);
            var (denseMacs, compactMacs) = (ModelStats.Count(dense, dense.InputShape).TotalMacs, ModelStats.Count(compact, compact.InputShape).TotalMacs);
            var macRatio = (double)denseMacs / compactMacs;
            foreach (var batch in batches)
            {
                var speed = InferenceSpeed.Compare(dense, compact, dense.InputShape, batch, repeats, "dense", "compacted", warmUp: 3);
                var t = new[] { speed.BaselineTime, speed.CandidateTime };
                var speedup = t[0].Median / t[1].Median;
                // Speedup = MAC ratio × (compacted GFLOP/s ÷ dense GFLOP/s): the rates show where a gap comes from.
                var (denseRate, compactRate) = (2.0 * batch * denseMacs / t[0].Median / 1e9, 2.0 * batch * compactMacs / t[1].Median / 1e9);
                md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {ratio:P0} | {batch} | {1000 * t[0].Median:F2} ({1000 * t[0].Low:F2}–{1000 * t[0].High:F2}) | {1000 * t[1].Median:F2} ({1000 * t[1].Low:F2}–{1000 * t[1].High:F2}) | {speedup:F2}× | {macRatio:F2}× | {speedup / macRatio:F2} | {denseRate:F1} | {compactRate:F1} |"));
                rows.Add(new { network, device = device.ToString(), ratio, batch, denseSeconds = t[0].Seconds, compactedSeconds = t[1].Seconds, speedup, macRatio });
            }
        }
        return (md.ToString(), rows);
    }

    /// <summary>Cutting batches (index_select on the dataset held once in memory) against whole training steps.</summary>
    public static (string Markdown, object Rows) BatchAssembly(Func<ConvNet> baseline, Dataset train, int batches, int repeats, Device device)
    {
        using var net = baseline();
        net.To(device);
        // As in training: on a GPU the dataset is moved there once and batches are cut there.
        using var onDevice = device.Accepts(train.Device) ? null : train.To(device);
        var loader = new BatchLoader(onDevice ?? train, 128) { Seed = 0, Device = device, Normalization = new Normalization([0.286f], [0.353f]) };
        var optimizer = new Workbench.Training.Sgd(net.NamedParameters(), 0.01, 0.9);
        void Assemble()
        {
            foreach (var batch in loader.Epoch(0).Take(batches)) batch.Dispose();
        }
        void TrainSteps()
        {
            foreach (var batch in loader.Epoch(0).Take(batches))
            {
                using var scope = DisposeScope.Enter();
                using (batch)
                {
                    net.ZeroGrad();
                    Functional.CrossEntropy(net.Forward(batch.Images), batch.Labels).Backward();
                    optimizer.Step();
                }
            }
        }
        var t = Timing.Alternate(1, repeats, ("assemble", Timing.Synchronized(device, Assemble)), ("train", Timing.Synchronized(device, TrainSteps)));
        optimizer.Reset();
        var share = t[0].Median / t[1].Median;
        var md = string.Create(CultureInfo.InvariantCulture,
            $"| batches of 128 | assembling only (ms per batch) | training steps incl. assembly (ms per step) | assembly share |\n|---|---|---|---|\n| {batches} | {1000 * t[0].Median / batches:F2} | {1000 * t[1].Median / batches:F2} | {share:P1} |\n");
        return (md, new { device = device.ToString(), batches, assembleSeconds = t[0].Seconds, trainSeconds = t[1].Seconds, share });
    }

    /// <summary>Least-adversarial candidates per second, with and without reusing the layer's input activations, beside plain forward passes.</summary>
    public static (string Markdown, object Rows) MaskSearch(Func<ConvNet> baseline, Dataset validation, int candidates, int repeats, Device device)
    {
        var md = new StringBuilder("| layer | candidates/s, reusing activations | candidates/s, full forward | speedup | full forward passes/s |\n|---|---|---|---|---|\n");
        var rows = new List<object>();
        using var net = baseline();
        net.To(device);
        using var reuse = new ValidationEvaluator(net, validation);
        using var full = new ValidationEvaluator(net, validation) { ReuseActivations = false };
        foreach (var layer in net.ConvLayers().Where((_, i) => i % 2 == 1))
        {
            var choices = Enumerable.Range(0, candidates)
                .Select(c => new CriterionSelector(new RandomScore(c)).Select(layer, Granularity.FeatureMap, 0.5).Choice).ToList();
            void Search(ValidationEvaluator evaluator)
            {
                using var session = evaluator.Begin(layer);
                foreach (var choice in choices) session.Evaluate(choice);
            }
            var t = Timing.Alternate(1, repeats, ("reuse", () => Search(reuse)), ("full", () => Search(full)), ("forward", () => full.EvaluateCurrent()));
            double PerSecond(Timing timing, int n) => n / timing.Median;
            md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {layer.Name} | {PerSecond(t[0], candidates):F1} | {PerSecond(t[1], candidates):F1} | {t[1].Median / t[0].Median:F2}× | {PerSecond(t[2], 1):F1} |"));
            rows.Add(new { device = device.ToString(), layer = layer.Name, candidates, reuseSeconds = t[0].Seconds, fullSeconds = t[1].Seconds, forwardSeconds = t[2].Seconds });
        }
        return (md.ToString(), rows);
    }
}
