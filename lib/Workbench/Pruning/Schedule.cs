using Workbench.Nn;
using Workbench.Pruning.Selection;

namespace Workbench.Pruning;

/// <summary>What one step did: the selection (with its candidates) and the validation MCR after it.</summary>
public sealed record StepResult(PruningStep Step, SelectionResult Selection, double? McrAfterPruning, double? McrAfterRetraining);

/// <summary>
/// When to prune and when to retrain. Layer-wise is the paper's: prune one layer, retrain, move
/// to the next. One-shot prunes every layer at its ratio, then retrains once.
/// </summary>
public static class Schedule
{
    /// <summary>
    /// Prunes layer by layer: all steps of one layer, then <paramref name="retrain"/> (the network
    /// retrained with its masks fixed, e.g. k epochs of the Trainer; null for none), then the next layer.
    /// <paramref name="measure"/> gives the validation MCR for the log (null to skip).
    /// A resumed run passes the number of layers already done in <paramref name="layersDone"/>; their
    /// steps are skipped (the network must already carry their masks). <paramref name="layerDone"/> is
    /// told after each layer, with the count of layers done and that layer's results, so a caller can
    /// save the network there.
    /// </summary>
    public static IReadOnlyList<StepResult> Layerwise(IConvNetwork network, IEnumerable<PruningStep> steps, ISelector selector,
        Action? retrain = null, Func<double>? measure = null, Action<StepResult>? completed = null,
        int layersDone = 0, Action<int, IReadOnlyList<StepResult>>? layerDone = null)
    {
        var groups = GroupByLayer(steps).ToList();
        if (layersDone < 0 || layersDone > groups.Count)
            throw new ArgumentOutOfRangeException(nameof(layersDone), layersDone, $"the schedule has {groups.Count} layers");
        var results = new List<StepResult>();
        for (int g = layersDone; g < groups.Count; g++)
        {
            var start = results.Count;
            foreach (var step in groups[g]) results.Add(Prune(network, step, selector, measure));
            if (retrain is not null)
            {
                retrain();
                var after = measure?.Invoke();
                for (int i = start; i < results.Count; i++) results[i] = results[i] with { McrAfterRetraining = after };
            }
            layerDone?.Invoke(g + 1, results.GetRange(start, results.Count - start));
            foreach (var r in results.Skip(start)) completed?.Invoke(r);
        }
        return results;
    }

    public static IReadOnlyList<StepResult> OneShot(IConvNetwork network, IEnumerable<PruningStep> steps, ISelector selector,
        Action? retrain = null, Func<double>? measure = null, Action<StepResult>? completed = null)
    {
        var results = steps.Select(step => Prune(network, step, selector, measure)).ToList();
        if (retrain is not null)
        {
            retrain();
            var after = measure?.Invoke();
            for (int i = 0; i < results.Count; i++) results[i] = results[i] with { McrAfterRetraining = after };
        }
        foreach (var r in results) completed?.Invoke(r);
        return results;
    }

    /// <summary>Selects and applies one step.</summary>
    public static StepResult Prune(IConvNetwork network, PruningStep step, ISelector selector, Func<double>? measure = null)
    {
        var layer = Find(network, step.Layer);
        var selection = selector.Select(layer, step.Granularity, step.Ratio);
        LayerPruner.Apply(selection.Choice);
        return new StepResult(step, selection, measure?.Invoke(), null);
    }

    /// <summary>The conv layer named <paramref name="name"/>, or an error listing the names that exist.</summary>
    public static ConvLayer Find(IConvNetwork network, string name)
    {
        var layers = network.ConvLayers();
        return layers.FirstOrDefault(l => l.Name == name)
            ?? throw new ArgumentException($"no conv layer named '{name}'; the network has {string.Join(", ", layers.Select(l => l.Name))}", nameof(name));
    }

    private static IEnumerable<List<PruningStep>> GroupByLayer(IEnumerable<PruningStep> steps)
    {
        List<PruningStep>? group = null;
        foreach (var step in steps)
        {
            if (group is not null && group[0].Layer != step.Layer) { yield return group; group = null; }
            (group ??= []).Add(step);
        }
        if (group is not null) yield return group;
    }
}
