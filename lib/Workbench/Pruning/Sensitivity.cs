using Workbench.Nn;
using Workbench.Pruning.Selection;

namespace Workbench.Pruning;

/// <summary>One point of a sensitivity curve: a layer pruned alone at a ratio, without retraining.</summary>
public sealed record SensitivityPoint(string Layer, double Ratio, double Mcr, double Loss);

/// <summary>
/// The classic per-layer sensitivity analysis: prune each layer alone at each ratio (no retraining)
/// and record the validation MCR. Layers whose curve stays flat tolerate pruning. The network is
/// left unchanged.
/// </summary>
public static class Sensitivity
{
    /// <summary>The curve of every prunable layer; points in <paramref name="done"/> (from an interrupted run with the same settings) are reused, not measured again.</summary>
    public static IReadOnlyList<SensitivityPoint> Analyze(IConvNetwork network, Granularity granularity, ISelector selector,
        IReadOnlyList<double> ratios, ICandidateEvaluator evaluator, Action<SensitivityPoint>? progress = null,
        IReadOnlyList<SensitivityPoint>? done = null)
    {
        if (ratios.Count == 0) throw new ArgumentException("a sensitivity analysis needs at least one ratio", nameof(ratios));
        foreach (var r in ratios) PruneCount.CheckRatio(r);
        var measured = (done ?? []).ToDictionary(p => (p.Layer, p.Ratio));
        var points = new List<SensitivityPoint>();
        foreach (var layer in network.ConvLayers())
        {
            if (granularity is FeatureMapGranularity && layer.Consumer == ConsumerKind.ResidualAdd) continue;
            if (ratios.All(r => measured.ContainsKey((layer.Name, r))))
            {
                points.AddRange(ratios.Select(r => measured[(layer.Name, r)]));
                continue;
            }
            using var session = evaluator.Begin(layer);
            foreach (var ratio in ratios)
            {
                Interrupt.ThrowIfRequested();
                if (measured.TryGetValue((layer.Name, ratio), out var known)) { points.Add(known); continue; }
                var choice = selector.Select(layer, granularity, ratio).Choice;
                var (mcr, loss) = session.Evaluate(choice);
                var point = new SensitivityPoint(layer.Name, ratio, mcr, loss);
                points.Add(point);
                progress?.Invoke(point);
            }
        }
        return points;
    }
}
