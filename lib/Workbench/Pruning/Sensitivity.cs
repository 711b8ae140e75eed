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
    public static IReadOnlyList<SensitivityPoint> Analyze(IConvNetwork network, Granularity granularity, ISelector selector,
        IReadOnlyList<double> ratios, ICandidateEvaluator evaluator, Action<SensitivityPoint>? progress = null)
    {
        foreach (var r in ratios) PruneCount.CheckRatio(r);
        var points = new List<SensitivityPoint>();
        foreach (var layer in network.ConvLayers())
        {
            if (granularity is FeatureMapGranularity && layer.Consumer == ConsumerKind.ResidualAdd) continue;
            using var session = evaluator.Begin(layer);
            foreach (var ratio in ratios)
            {
                Interrupt.ThrowIfRequested();
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
