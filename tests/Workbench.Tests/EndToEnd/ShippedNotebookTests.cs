namespace Workbench.Tests.EndToEnd;

/// <summary>Every shipped notebook in quick mode: it runs to the end, and what it shows is what the method says it should be.</summary>
[Collection(SerialCollection.Name)]
public sealed class ShippedNotebookTests(ShippedNotebooks notebooks) : IClassFixture<ShippedNotebooks>
{
    [Fact]
    public void FeatureMapPruningShowsItsFiguresAndACompactedNetworkThatComputesTheSame()
    {
        var nb = notebooks.Run("01-baseline-and-feature-map-pruning.ipynb");
        Assert.Equal(7, nb.Figures.Count); // pipeline, sensitivity, candidates, removal picture, MCR after pruning and after retraining, timing
        Assert.Contains(nb.FigureTitles, t => t.StartsWith("Sensitivity", StringComparison.Ordinal));
        Assert.Contains(nb.FigureTitles, t => t.StartsWith("Coarse pruning (Anwar and Sung)", StringComparison.Ordinal));
        // One map of a 16-map layer with 16 inputs, feeding a 16-map layer, and one more kernel: 16 + 16 + 1 kernels.
        Assert.Contains(nb.FigureTitles, t => t.StartsWith("One map and one kernel: 33 of 512 kernels go", StringComparison.Ordinal));
        // Layers are named as the paper counts them, beside their module paths.
        Assert.Contains("conv3 (features.7): best of", nb.Text);
        // Three ratios × three selectors; the sparsity of a ratio follows from the masks alone, the same for every selector.
        var sparsity = nb.Rows("Selector", "Ratio", "Sparsity").Where(r => r["Ratio"] == "0.5").Select(r => ExecutedNotebook.Number(r["Sparsity"])).ToArray();
        Assert.Equal(3, sparsity.Length);
        Assert.All(sparsity, s => Assert.Equal(0.7483, s, 4)); // half the maps and the next layer's matching inputs, as in the quick tour
        Assert.Equal(9, nb.Rows("Selector", "Ratio").Count);
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
        var sparsity = nb.Rows("Ratio", "Sparsity").Where(r => r["Ratio"] == "0.5").Select(r => ExecutedNotebook.Number(r["Sparsity"])).ToArray();
        Assert.Equal(4, sparsity.Length);
        Assert.All(sparsity, s => Assert.InRange(s, 0.45, 0.5)); // ⌊half⌋ of every layer's kernels, maps untouched
        Assert.InRange(nb.Numbers(@"largest difference between the two outputs ([0-9.E+-]+)").Single(), 0, 1e-4);
    }

    [Fact]
    public void CombinedPruningReachesHighSparsityAndComparesWithTheHeadline()
    {
        var nb = notebooks.Run("03-combined-pruning.ipynb");
        Assert.Equal(2, nb.Figures.Count); // sparsity vs MCR increase, per-layer sparsity
        var sparsity = nb.Rows("MapRatio", "KernelRatio", "Sparsity").Select(r => ExecutedNotebook.Number(r["Sparsity"])).ToArray();
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
        var facts = nb.Rows("Comparison", "Cka");
        double Cka(Func<string, bool> comparison) => ExecutedNotebook.Number(facts.Single(r => comparison(r["Comparison"]))["Cka"]);
        Assert.Equal(1.0, Cka(c => c == "CKA(X, X)"), 6);
        Assert.Equal(1.0, Cka(c => c == "CKA(X, 3·X)"), 6);
        Assert.True(Cka(c => c.Contains("random 30×30 matrix")) < 0.99);
        var reductions = nb.Numbers(@"MACs −([0-9.]+) ?%");
        Assert.Equal(3, reductions.Length);
        Assert.All(reductions, r => Assert.InRange(r, 30, 100));
        Assert.Equal(3, nb.Rows("Run", "Iterations").Count);
        // A run that collapsed to chance is called out, not left for the reader to find in the table.
        var accuracies = nb.Rows("Run", "Iterations", "TestAccuracy").Select(r => ExecutedNotebook.Number(r["TestAccuracy"])).ToArray();
        Assert.Equal(3, accuracies.Length);
        Assert.Equal(accuracies.Count(a => a < 0.2), System.Text.RegularExpressions.Regex.Matches(nb.Text, @"warning: \w+ ended at [0-9.]+ ?% test accuracy, about chance").Count);
        // At matched MACs: every run read off its trajectory at the target, which lies between the baseline and its last step.
        // The matched table, not the loops' own (which has these columns too, beside Iterations).
        var matchedRows = nb.Rows("Run", "MacReduction", "ValidationAccuracy").Where(r => !r.ContainsKey("Iterations")).ToList();
        var matched = matchedRows.Select(r => ExecutedNotebook.Number(r["MacReduction"])).ToArray();
        Assert.Equal(3, matched.Length);
        Assert.All(matched, m => Assert.Equal(0.3, m, 6));
        var atTarget = matchedRows.Select(r => ExecutedNotebook.Number(r["ValidationAccuracy"])).ToArray();
        Assert.Equal(3, atTarget.Length);
        Assert.All(atTarget, a => Assert.InRange(a, 0, 1));
    }

    [Fact]
    public void TheTablesPutMeasuredNumbersBesideThePublishedOnes()
    {
        var nb = notebooks.Run("05-reproduce-the-tables.ipynb");
        static double Parse(string s) => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
        static System.Text.Json.Nodes.JsonNode Committed(string path) =>
            System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(ShippedNotebooks.RepoFile(path)))!;
        const string coarseRuns = "docs/experiments/results/coarse-real", loopRuns = "docs/experiments/results/layer-vs-filter-real";
        var headline = Committed($"{coarseRuns}/combined-s0.report.json")["report"]!;
        var loop = Committed($"{loopRuns}/loop-both.loop.json");

        // The committed checkpoints, evaluated in the run, give the figures recorded when they were made.
        var evaluated = System.Text.RegularExpressions.Regex.Matches(nb.Text, @"(coarse|layer-vs-filter) (baseline|pruned): test (?:MCR|accuracy) ([0-9.]+)% \(recorded ([0-9.]+)%\)");
        Assert.Equal(4, evaluated.Count);
        Assert.All(evaluated, m => Assert.InRange(Parse(m.Groups[3].Value) - Parse(m.Groups[4].Value), -0.01, 0.01));
        double Recorded(string role) => Parse(evaluated.Single(m => $"{m.Groups[1].Value} {m.Groups[2].Value}" == role).Groups[4].Value);
        Assert.Equal(Math.Round((double)headline["mcrAfter"]!, 2), Recorded("coarse pruned"), 2);
        Assert.Equal(Math.Round(100 * (double)loop["test"]!["Accuracy"]!, 2), Recorded("layer-vs-filter pruned"), 2);

        // The coarse row is the committed headline run's, not a number written into the notebook.
        var coarse = System.Text.RegularExpressions.Regex.Match(string.Join("\n", nb.Rows("Method", "Measured").Select(r => r["Measured"])), @"([0-9.]+) ?% conv sparsity, ([+-][0-9.]+) points MCR");
        Assert.True(coarse.Success, "no coarse-pruning row");
        Assert.Equal(Math.Round(100 * (double)headline["convSparsity"]!, 1), Parse(coarse.Groups[1].Value), 1);
        Assert.Equal(Math.Round((double)headline["mcrAfter"]! - (double)headline["mcrBefore"]!, 2), Parse(coarse.Groups[2].Value), 2);
        Assert.Equal(3, nb.Rows("Method", "Measured").Count);
        Assert.Contains("86.37%", nb.Text);
        // The method's row and the predecessor's (blocks only), from their loop logs.
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(nb.Text, @"ResNet20: [0-9.]+ ?% fewer MACs").Count);
        Assert.Matches(@"blocks only \(Pons et al\.\): [0-9]+ iterations", nb.Text);
        Assert.DoesNotContain("see notebook 04", nb.Text);

        // The selection rules' spread, from the committed reports.
        double Increase(string run) { var r = Committed($"{coarseRuns}/{run}.report.json")["report"]!; return Math.Round((double)r["mcrAfter"]! - (double)r["mcrBefore"]!, 2); }
        double[] byRule = [Increase("combined-s0"), Increase("combined-l1"), Increase("combined-random")];
        double[] bySeed = [Increase("combined-s0"), Increase("combined-s1"), Increase("combined-s2")];
        Assert.Contains($"spread {byRule.Max() - byRule.Min():F2}; the headline's seeds spread {bySeed.Max() - bySeed.Min():F2}", nb.Text);

        // Where each committed loop first fell more than a point below the baseline on validation, found here from its log.
        var baseValidation = (double)Committed("docs/experiments/checkpoints/resnet20.metrics.json")["epochs"]!.AsArray()[^1]!["Validation"]!["Accuracy"]!;
        foreach (var name in new[] { "both", "layers", "filters-macs" })
        {
            var steps = Committed($"{loopRuns}/loop-{name}.loop.json")["iterations"]!.AsArray().Select(s => ((double)s!["MacReduction"]!, (double)s!["ValidationAccuracy"]!)).ToList();
            var onset = steps.FindIndex(s => baseValidation - s.Item2 > 0.01);
            Assert.True(onset >= 0, $"loop-{name} never lost a point; the committed logs all do");
            var lastWithin = onset == 0 ? 0 : steps[onset - 1].Item1;
            Assert.Contains($"up to {100 * lastWithin:F1}% fewer MACs, more than 1 point below from {100 * steps[onset].Item1:F1}%", nb.Text);
        }
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Matches(nb.Text, @"within 1 point of the baseline's validation accuracy (up to|at every)").Count);

        // A planned run without a report is listed as not yet run, and only then.
        string[] planned = ["combined-s0", "combined-s1", "combined-s2", "combined-l1", "feature-map-only", "combined-random", "kernel-only",
                            "budget-20k-1", "budget-full-1", "budget-full-3", "budget-full-6"];
        var missing = planned.Where(n => !File.Exists(ShippedNotebooks.RepoFile($"{coarseRuns}/{n}.report.json"))).ToArray();
        var listed = System.Text.RegularExpressions.Regex.Match(nb.Text, @"not yet run: ([a-z0-9, -]+) \(no report");
        Assert.Equal(missing, listed.Success ? listed.Groups[1].Value.Split(", ") : []);

        // Two figures: the budget curve, one point per committed budget run (and the headline's), and the loops' trajectories.
        Assert.Equal(2, nb.Figures.Count);
        var curve = nb.Figures.Single(f => ((string?)f["data"]!["application/vnd.plotly.v1+json"]!["layout"]?["title"]?["text"] ?? "").Contains("retraining per layer", StringComparison.Ordinal));
        var budgetRuns = Directory.GetFiles(ShippedNotebooks.RepoFile(coarseRuns), "budget-*.report.json").Length;
        Assert.Equal(budgetRuns, curve["data"]!["application/vnd.plotly.v1+json"]!["data"]![0]!["x"]!.AsArray().Count);
        Assert.Contains(nb.FigureTitles, t => t.Contains("along each loop", StringComparison.Ordinal));

        // The small-budget row computed in the run: its sparsity follows from the ratios, the headline's.
        var live = nb.Numbers(@"small-budget row computed here: ([0-9.]+)% conv sparsity");
        Assert.Equal(Math.Round(100 * (double)headline["convSparsity"]!, 1), Assert.Single(live), 1);
    }

    [Fact]
    public void CombinedPruningAlsoRunsThroughTheJupyterKernelWithNbconvert()
    {
        var output = notebooks.Outputs["03-nbconvert.ipynb"];
        Nbconvert.Execute(ShippedNotebooks.RepoFile("notebooks/03-combined-pruning.ipynb"), output, notebooks.Outputs, TimeSpan.FromSeconds(400), notebooks.Environment);

        var nb = new ExecutedNotebook(output);
        Assert.Equal(2, nb.Figures.Count);
        Assert.Contains("headline", nb.Text);
        Assert.Equal(2, nb.Rows("MapRatio").Count);
    }
}
