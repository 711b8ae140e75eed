using Workbench.Nn;

namespace Workbench.Pruning.Criteria;

/// <summary>
/// Scores each (layer name, granularity) once. For criteria that run the network (<see cref="OutputKlDivergence"/>),
/// where asking again for the same network, as the loop's MAC matching does for every trial size, would repeat
/// every forward pass. Valid only while the scored network does not change.
/// </summary>
public sealed class MemoizedCriterion(ICriterion inner) : ICriterion
{
    private readonly Dictionary<(string Layer, string Granularity), double[]> scores = [];

    public string Name => inner.Name;

    public double[] Score(ConvLayer layer, Granularity granularity)
    {
        var key = (layer.Name, granularity.Name);
        if (!scores.TryGetValue(key, out var known)) scores[key] = known = inner.Score(layer, granularity);
        return (double[])known.Clone();
    }
}
