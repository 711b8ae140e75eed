using System.Text.Json.Nodes;

namespace Workbench.Tests.EndToEnd;

/// <summary>The README's first command, on the notebook the repository ships, in quick mode.</summary>
public sealed class TourNotebookTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private static string RepoFile(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Workbench.sln"))) dir = dir.Parent;
        return Path.Combine(dir?.FullName ?? throw new DirectoryNotFoundException("repository root not found"), relative);
    }

    private static string Text(JsonNode? node) => node is JsonArray lines ? string.Concat(lines.Select(l => (string?)l)) : (string?)node ?? "";

    [Fact]
    public void QuickTourRunsAndShowsItsFiguresAndReport()
    {
        var output = folder["tour.ipynb"];
        var (exit, stdout, stderr) = CliProcess.Run(TimeSpan.FromMinutes(5), "run", RepoFile("notebooks/00-quick-tour.ipynb"), "-p", "epochs=1", "-o", output);
        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");

        var outputs = JsonNode.Parse(File.ReadAllText(output))!["cells"]!.AsArray()
            .Where(c => (string?)c!["cell_type"] == "code").SelectMany(c => c!["outputs"]!.AsArray()).ToList();
        Assert.Equal(2, outputs.Count(o => o!["data"]?["application/vnd.plotly.v1+json"] is not null)); // training curve, sparsity bars
        var report = Text(outputs.Single(o => Text(o!["data"]?["text/plain"]).Contains("conv sparsity"))!["data"]!["text/plain"]);
        // Half the maps of every layer, and the next layer's matching inputs: 74.8% of the conv weights.
        Assert.Contains("conv sparsity 74.8 %", report);
        Assert.Contains(outputs, o => Text(o!["text"]).Contains("compacted: ConvNet(channels=[8, 8, 8, 8, 16, 16]"));
    }
}
