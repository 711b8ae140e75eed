using System.Diagnostics;
using System.Globalization;
using System.Text;
using Workbench.Graph;
using Workbench.Measurement;
using Workbench.Nn;
using Workbench.Nn.Models;
using Workbench.Pruning;
using Workbench.Pruning.Criteria;
using Workbench.Pruning.Groups;
using Workbench.Torch;

namespace Workbench.Cli.Bench;

/// <summary>
/// Pruning networks the workbench did not write: how long tracing and compaction take on torchvision's models, and
/// what half of every group's maps, removed and compacted, buys in inference time against the MAC ratio.
/// </summary>
internal static class GraphBenchmarks
{
    private static Module Zoo(string name, int side)
    {
        LibTorch.ManualSeed(0);
        return Networks.Create(name, 3, side, 10);
    }

    /// <summary>Median seconds of <paramref name="repeats"/> traces, and of compactions of networks pruned by half (built and pruned outside the timing).</summary>
    public static (string Markdown, object Rows) TraceAndCompaction(string[] names, int side, int repeats)
    {
        var md = new StringBuilder($"| network | input | trace (ms) | compaction (ms) | groups | prunable units |\n|---|---|---|---|---|---|\n");
        var rows = new List<object>();
        foreach (var name in names)
        {
            using var input = Tensor.Zeros(1, 3, side, side);
            var traces = new List<double>();
            var compactions = new List<double>();
            DependencyGraph? graph = null;
            for (var r = 0; r < repeats + 1; r++)
            {
                using var net = Zoo(name, side);
                var clock = Stopwatch.StartNew();
                graph = DependencyGraph.Trace(net, input);
                var traced = clock.Elapsed.TotalSeconds;
                GroupPruner.PruneFeatureMaps(graph, 0.5, new GroupCriterionSelector(new L1Norm()));
                clock.Restart();
                GroupPruning.Compact(graph);
                var compacted = clock.Elapsed.TotalSeconds;
                // The first round warms the JIT and the allocator up.
                if (r == 0) continue;
                traces.Add(traced);
                compactions.Add(compacted);
            }
            var (trace, compaction) = (Median(traces), Median(compactions));
            var units = graph!.Groups.Sum(g => g.PrunableUnits.Count);
            md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | 3×{side}×{side} | {1000 * trace:F0} | {1000 * compaction:F0} | {graph.Groups.Count} | {units} |"));
            rows.Add(new { network = name, side, traceSeconds = traces, compactionSeconds = compactions, groups = graph.Groups.Count, prunableUnits = units });
        }
        return (md.ToString(), rows);
    }

    /// <summary>Dense against half of every group's maps removed (L1) and compacted.</summary>
    public static (string Markdown, object Rows) Speedup(string[] names, int side, int[] batches, int repeats, Device device)
    {
        var md = new StringBuilder("| network | batch | dense (ms) | compacted (ms) | realised speedup | MAC ratio | speedup / MAC ratio |\n|---|---|---|---|---|---|---|\n");
        var rows = new List<object>();
        foreach (var name in names)
        {
            using var dense = Zoo(name, side);
            using var compact = Zoo(name, side);
            using (var input = Tensor.Zeros(1, 3, side, side))
            {
                var graph = DependencyGraph.Trace(compact, input);
                GroupPruner.PruneFeatureMaps(graph, 0.5, new GroupCriterionSelector(new L1Norm()));
                GroupPruning.Compact(graph);
            }
            dense.To(device);
            compact.To(device);
            long[] shape = [3, side, side];
            var macRatio = (double)ModelStats.Count(dense, shape).TotalMacs / ModelStats.Count(compact, shape).TotalMacs;
            foreach (var batch in batches)
            {
                var speed = InferenceSpeed.Compare(dense, compact, shape, batch, repeats, "dense", "compacted", warmUp: 2);
                var (d, c) = (speed.BaselineTime, speed.CandidateTime);
                var speedup = d.Median / c.Median;
                md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {name} | {batch} | {1000 * d.Median:F1} ({1000 * d.Low:F1}–{1000 * d.High:F1}) | {1000 * c.Median:F1} ({1000 * c.Low:F1}–{1000 * c.High:F1}) | {speedup:F2}× | {macRatio:F2}× | {speedup / macRatio:F2} |"));
                rows.Add(new { network = name, side, batch, device = device.ToString(), denseSeconds = d.Seconds, compactedSeconds = c.Seconds, speedup, macRatio });
            }
        }
        return (md.ToString(), rows);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
