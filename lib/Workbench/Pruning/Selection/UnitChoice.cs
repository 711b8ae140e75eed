using Workbench.Nn;

namespace Workbench.Pruning.Selection;

/// <summary>
/// Which units of one layer to keep, at one granularity: the result every selector returns and
/// what <see cref="LayerPruner"/> applies.
/// </summary>
public sealed record UnitChoice(ConvLayer Layer, Granularity Granularity, bool[] Keep)
{
    public int Kept => Keep.Count(k => k);
    public int Removed => Keep.Length - Kept;

    /// <summary>
    /// Removes the lowest-scoring alive units: ⌊ratio · alive⌋ of them (<see cref="PruneCount"/>), in
    /// each row separately when the granularity selects per row. Units already removed stay removed;
    /// ties go to the lower index so the choice is deterministic.
    /// </summary>
    public static UnitChoice LowestScores(ConvLayer layer, Granularity granularity, double[] scores, double ratio)
    {
        PruneCount.CheckRatio(ratio);
        granularity.CheckPrunable(layer);
        var alive = granularity.Alive(layer);
        if (scores.Length != alive.Length)
            throw new ArgumentException($"{scores.Length} scores for the {alive.Length} {granularity.Name} units of '{layer.Name}'");
        var keep = (bool[])alive.Clone();
        var shape = granularity.UnitShape(layer);
        var rowLength = granularity.SelectsPerRow ? (int)shape[1] : alive.Length;
        for (int start = 0; start < alive.Length; start += rowLength)
        {
            var pool = Enumerable.Range(start, rowLength).Where(i => alive[i]).ToList();
            var count = PruneCount.Removed(pool.Count, ratio);
            foreach (var i in pool.OrderBy(i => scores[i]).ThenBy(i => i).Take(count)) keep[i] = false;
        }
        return new UnitChoice(layer, granularity, keep);
    }
}
