using System.Text.Json.Nodes;

namespace Workbench.Tests.EndToEnd;

/// <summary>The README's first command, on the notebook the repository ships, in quick mode.</summary>
public sealed class TourNotebookTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void QuickTourRunsAndShowsItsFiguresAndReport()
    {
        var output = folder["tour.ipynb"];
        var (exit, stdout, stderr) = CliProcess.Run(TimeSpan.FromMinutes(5), "run", ShippedNotebooks.RepoFile("notebooks/00-quick-tour.ipynb"), "-p", "epochs=1", "-o", output);
        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");

        var outputs = JsonNode.Parse(File.ReadAllText(output))!["cells"]!.AsArray()
            .Where(c => (string?)c!["cell_type"] == "code").SelectMany(c => c!["outputs"]!.AsArray()).ToList();
        Assert.Equal(3, outputs.Count(o => o!["data"]?["application/vnd.plotly.v1+json"] is not null)); // training curve, mask search, sparsity bars
        var report = ExecutedNotebook.Flat(outputs.Single(o => ExecutedNotebook.Flat(o!["data"]?["text/plain"]).Contains("conv sparsity"))!["data"]!["text/plain"]);
        // Half the maps of every layer, and the next layer's matching inputs: 74.8% of the conv weights.
        Assert.Contains("conv sparsity 74.8 %", report);
        Assert.Contains(outputs, o => ExecutedNotebook.Flat(o!["text"]).Contains("compacted: ConvNet(channels=[8, 8, 8, 8, 16, 16]"));
        // The MCR change is labelled with both ends, not left as a bare number.
        Assert.Contains(outputs, o => System.Text.RegularExpressions.Regex.IsMatch(ExecutedNotebook.Flat(o!["text"]),
            @"test MCR, baseline → pruned and retrained: [0-9.]+% → [0-9.]+% \([+-][0-9.]+ points\)"));
    }
}
