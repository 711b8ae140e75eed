namespace Workbench.Tests.EndToEnd;

/// <summary>Every shipped notebook in quick mode: it runs to the end, and what it shows is what the method says it should be.</summary>
[Collection(SerialCollection.Name)]
public sealed class ShippedNotebookTests(ShippedNotebooks notebooks) : IClassFixture<ShippedNotebooks>
{
    [Fact]
    public void FeatureMapPruningShowsItsFiguresAndACompactedNetworkThatComputesTheSame()
    {
        var nb = notebooks.Run("01-baseline-and-feature-map-pruning.ipynb");
        Assert.Equal(5, nb.Figures.Count); // sensitivity, candidates, MCR after pruning and after retraining, timing
        Assert.Contains(nb.FigureTitles, t => t.StartsWith("Sensitivity", StringComparison.Ordinal));
        // Three ratios × three selectors; the sparsity of a ratio follows from the masks alone, the same for every selector.
        var sparsity = nb.Numbers(@"Ratio = 0\.5, Sparsity = ([0-9.]+)");
        Assert.Equal(3, sparsity.Length);
        Assert.All(sparsity, s => Assert.Equal(0.7483, s, 4)); // half the maps and the next layer's matching inputs, as in the quick tour
        Assert.Equal(9, nb.Numbers(@"Run \{ Selector = [a-zA-Z1-]+, Ratio = ([0-9.]+)").Length);
        Assert.Contains("ConvNet(channels=[8, 8, 8, 8, 16, 16]", nb.Text);
        var masked = nb.Numbers(@"test MCR masked ([0-9.]+)%");
        var compacted = nb.Numbers(@"compacted ([0-9.]+)% \(the same");
        Assert.Equal(masked, compacted);
    }

    [Fact]
    public void KernelPruningDrawsItsMasksAndTheKeptKernelLayerEqualsTheMaskedOne()
    {
        var nb = notebooks.Run("02-kernel-pruning.ipynb");
        Assert.Equal(4, nb.FigureTitles.Count(t => t.Contains("kernels kept", StringComparison.Ordinal)));
        Assert.Equal(6, nb.Figures.Count); // four masks, MCR after pruning and after retraining
        var sparsity = nb.Numbers(@"Ratio = 0\.5, Sparsity = ([0-9.]+)");
        Assert.Equal(4, sparsity.Length);
        Assert.All(sparsity, s => Assert.InRange(s, 0.45, 0.5)); // ⌊half⌋ of every layer's kernels, maps untouched
        Assert.InRange(nb.Numbers(@"largest difference between the two outputs ([0-9.E+-]+)").Single(), 0, 1e-4);
    }

    [Fact]
    public void CombinedPruningReachesHighSparsityAndComparesWithTheHeadline()
    {
        var nb = notebooks.Run("03-combined-pruning.ipynb");
        Assert.Equal(2, nb.Figures.Count); // sparsity vs MCR increase, per-layer sparsity
        var sparsity = nb.Numbers(@"CombinedRun \{ Name = [^,]+, [^,]+, MapRatio = [0-9.]+, KernelRatio = [0-9.]+, Sparsity = ([0-9.]+)");
        Assert.Equal(2, sparsity.Length);
        // 30% of maps then half the surviving kernels leaves about 0.7 × 0.7 × 0.5 of an inner layer's weights.
        Assert.InRange(sparsity[0], 0.6, 0.85);
        Assert.Contains("headline", nb.Text);
        Assert.Contains("conv sparsity", nb.Text);
    }

    [Fact]
    public void LayerVsFilterLoopRunsAllThreeModesToTheTarget()
    {
        var nb = notebooks.Run("04-layer-vs-filter-cka.ipynb");
        Assert.Equal(3, nb.Figures.Count); // CKA heatmap, block scores, trajectory
        Assert.Contains(nb.FigureTitles, t => t.StartsWith("Linear CKA", StringComparison.Ordinal));
        Assert.Equal(1.0, nb.Numbers(@"\(CKA\(X, X\), ([0-9.]+)\)").Single(), 6);
        Assert.Equal(1.0, nb.Numbers(@"\(CKA\(X, 3·X\), ([0-9.]+)\)").Single(), 6);
        Assert.True(nb.Numbers(@"random 30×30 matrix, ([0-9.]+)\)").Single() < 0.99);
        var reductions = nb.Numbers(@"MACs −([0-9.]+) ?%");
        Assert.Equal(3, reductions.Length);
        Assert.All(reductions, r => Assert.InRange(r, 30, 100));
        Assert.Equal(3, nb.Numbers(@"LoopResult \{ Run = \w+, Iterations = (\d+)").Length);
        // A run that collapsed to chance is called out, not left for the reader to find in the table.
        var accuracies = nb.Numbers(@"LoopResult \{ Run = \w+, [^}]*TestAccuracy = ([0-9.]+)");
        Assert.Equal(3, accuracies.Length);
        Assert.Equal(accuracies.Count(a => a < 0.2), System.Text.RegularExpressions.Regex.Matches(nb.Text, @"warning: \w+ ended at [0-9.]+ ?% test accuracy, about chance").Count);
    }

    [Fact]
    public void TheTablesPutMeasuredNumbersBesideThePublishedOnes()
    {
        var nb = notebooks.Run("05-reproduce-the-tables.ipynb");
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Matches(nb.Text, @"Row \{ Method = ").Count);
        Assert.Contains("86.37%", nb.Text);
        Assert.Matches(@"Measured = [0-9.]+ ?% conv sparsity", nb.Text);
        // The method's row and the predecessor's (blocks only), both measured in the run.
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(nb.Text, @"ResNet20: [0-9.]+ ?% fewer MACs").Count);
        Assert.Matches(@"blocks only \(Pons et al\.\): [0-9]+ iterations", nb.Text);
        Assert.DoesNotContain("see notebook 04", nb.Text);
    }

    [Fact]
    public void CombinedPruningAlsoRunsThroughTheJupyterKernelWithNbconvert()
    {
        var output = notebooks.Outputs["03-nbconvert.ipynb"];
        Nbconvert.Execute(ShippedNotebooks.RepoFile("notebooks/03-combined-pruning.ipynb"), output, notebooks.Outputs, TimeSpan.FromSeconds(400), notebooks.Environment);

        var nb = new ExecutedNotebook(output);
        Assert.Equal(2, nb.Figures.Count);
        Assert.Contains("headline", nb.Text);
        Assert.Equal(2, nb.Numbers(@"CombinedRun \{ Name = [^,]+, [^,]+, MapRatio = ([0-9.]+)").Length);
    }
}
