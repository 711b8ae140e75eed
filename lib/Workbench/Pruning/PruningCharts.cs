using Plotly.NET;
using Workbench.Nn;
using Workbench.Plotting;
using Workbench.Pruning.Selection;
using Workbench.Torch;

namespace Workbench.Pruning;

/// <summary>The pruning experiments' standard plots, ready for a notebook cell or SaveHtml.</summary>
public static class PruningCharts
{
    /// <summary>One curve per layer: validation MCR against the ratio pruned, without retraining.</summary>
    /// <param name="points">The analysis' points.</param>
    /// <param name="granularity">Shown in the title.</param>
    /// <param name="labels">Module path → the name to show (<see cref="LayerLabels.Of"/>); the paths when absent.</param>
    public static GenericChart Sensitivity(IEnumerable<SensitivityPoint> points, string granularity = "", IReadOnlyDictionary<string, string>? labels = null) =>
        Charts.Curves($"Sensitivity{(granularity.Length > 0 ? $" ({granularity})" : "")}", "ratio pruned", "validation MCR (%)",
            points.GroupBy(p => p.Layer).Select(g => (labels?.GetValueOrDefault(g.Key) ?? g.Key, g.Select(p => p.Ratio).ToArray(), g.Select(p => p.Mcr).ToArray())).ToArray());

    /// <summary>Share of each layer's weights removed (conv layers, and the first FC when it was pruned).</summary>
    public static GenericChart LayerSparsity(PruningReport report)
    {
        var layers = report.Layers.Where(l => l.Kind == "Conv2d" || l.Sparsity > 0).ToList();
        return Charts.Bars($"Sparsity per layer (conv {report.ConvSparsity:P1})", layers.Select(l => l.Label).ToArray(),
            [("removed (%)", layers.Select(l => 100 * l.Sparsity).ToArray())], xLabel: "layer", yLabel: "weights removed (%)");
    }

    /// <summary>A layer's kernel mask as an out×in image: 1 where the k×k kernel is kept (the fraction of taps kept, for strided masks).</summary>
    /// <param name="layer">The layer.</param>
    /// <param name="label">The name to show (conv4); its module path when absent.</param>
    public static GenericChart KernelMask(ConvLayer layer, string? label = null)
    {
        using var scope = DisposeScope.Enter();
        var conv = layer.Conv;
        var mask = conv.WeightMask ?? Tensor.Ones([conv.OutChannels, conv.InChannels / conv.Groups, 1, 1]);
        var kept = mask.Mean([2, 3]).To(DType.Float64).To(Device.Cpu);
        var values = kept.ToArray<double>();
        var (o, i) = ((int)kept.Size(0), (int)kept.Size(1));
        var z = new double[o, i];
        for (int r = 0; r < o; r++) for (int c = 0; c < i; c++) z[r, c] = values[r * i + c];
        // A mask is (nearly always) binary: black removed, white kept, said in the title, so no colour bar.
        // Greys runs from black (0, removed) to white (1, kept).
        return Charts.Heatmap($"Kernel mask of {label ?? layer.Name}: {values.Count(v => v > 0)}/{values.Length} kernels kept (white kept, black removed)",
            z, colorScale: StyleParam.Colorscale.Greys, zMin: 0, zMax: 1, showScale: false, xLabel: "input map", yLabel: "output map");
    }

    /// <summary>Where a criterion's choice (e.g. L1) falls among the least-adversarial search's random candidates.</summary>
    public static GenericChart Candidates(SelectionResult search, double? criterionMcr = null, string criterion = "L1", string? label = null) =>
        Charts.Histogram($"{search.Candidates.Count} random candidates for {label ?? search.Choice.Layer.Name} ({search.Choice.Granularity})",
            search.Candidates.Select(c => c.Mcr).ToArray(), criterionMcr, criterionMcr is null ? null : $"{criterion}: {criterionMcr:F2}%",
            bins: Math.Max(10, search.Candidates.Count / 2), // plotly's automatic bins lump a few dozen candidates into a handful of bars
            xLabel: "validation MCR (%)", yLabel: "candidates");

    /// <summary>Conv sparsity against the MCR increase over the baseline, one point per pruned network.</summary>
    /// <param name="runs">The pruned networks: name, conv sparsity (0..1) and MCR increase in points.</param>
    /// <param name="target">A target region to shade: at least this sparsity (0..1) for at most this increase, e.g. the paper's headline.</param>
    /// <param name="targetLabel">The region's label.</param>
    public static GenericChart SparsityVsMcr(IEnumerable<(string Name, double Sparsity, double McrIncrease)> runs, (double MinSparsity, double MaxIncrease)? target = null, string? targetLabel = null)
    {
        var list = runs.ToList();
        var chart = Plotly.NET.CSharp.Chart.Combine(list.GroupBy(r => r.Name).Select(group =>
                Plotly.NET.CSharp.Chart.Point<double, double, string>(group.Select(r => 100 * r.Sparsity).ToArray(), group.Select(r => r.McrIncrease).ToArray(), Name: group.Key)))
            .WithTitle("Sparsity vs MCR increase").WithAxisTitles("conv sparsity (%)", "MCR increase (points)");
        if (target is not { } t) return chart;
        // Down to below the best run, so the region reaches the points it should hold.
        var bottom = Math.Min(0, list.Count > 0 ? list.Min(r => r.McrIncrease) : 0) - 1;
        return chart.WithRegion(100 * t.MinSparsity, 100, bottom, t.MaxIncrease, targetLabel);
    }
}
