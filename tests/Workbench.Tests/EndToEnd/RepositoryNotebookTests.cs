using Workbench.Tests.Reference;

namespace Workbench.Tests.EndToEnd;

/// <summary>
/// The notebooks in the repository as files: valid nbformat 4.5 by Jupyter's own validator, shipped
/// without outputs (notebooks/), and the showcase copies (docs/notebooks/) executed in full mode.
/// </summary>
public sealed class RepositoryNotebookTests
{
    // `workbench run` leaves NAME.executed.ipynb beside a notebook (git ignores it): a user's run output, not a shipped notebook.
    private static string[] Files(string folder) =>
        Directory.GetFiles(ShippedNotebooks.RepoFile(folder), "*.ipynb").Where(f => !f.EndsWith(".executed.ipynb", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void EveryNotebookIsValidNbformat45()
    {
        var files = Files("notebooks").Concat(Files("docs/notebooks")).ToArray();
        Assert.True(files.Length >= 6, "the shipped notebooks are missing");
        var report = SystemPython.Run("""
            import nbformat, sys
            for path in sys.argv[1:]:
                nb = nbformat.read(path, as_version=nbformat.NO_CONVERT)
                nbformat.validate(nb)
                print(path, nb.nbformat, nb.nbformat_minor)
            """, files);
        Assert.Equal(files.Length, report.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.EndsWith(" 4 5", StringComparison.Ordinal)));
    }

    [Fact]
    public void ShippedNotebooksCarryNoOutputsAndDefaultToQuickMode()
    {
        foreach (var path in Files("notebooks"))
        {
            var nb = new ExecutedNotebook(path);
            Assert.True(nb.Outputs.Count == 0, $"{path} was committed with outputs");
            var parameters = nb.Json["cells"]!.AsArray().Single(c => c!["metadata"]?["tags"]?.AsArray().Any(t => (string?)t == "parameters") == true)!;
            Assert.Contains("bool quick = true;", ExecutedNotebook.Flat(parameters["source"]));
        }
    }

    [Fact]
    public void ShowcaseNotebooksWereExecutedInFullModeWithTheirFiguresAndTables()
    {
        // Every teaching notebook (01-05) has its full run in docs/notebooks.
        Assert.Equal(Files("notebooks").Select(Path.GetFileName).Where(n => n is not null && !n.StartsWith("00", StringComparison.Ordinal)),
                     Files("docs/notebooks").Select(Path.GetFileName));
        foreach (var path in Files("docs/notebooks"))
        {
            var nb = new ExecutedNotebook(path);
            var injected = nb.Json["cells"]!.AsArray().Single(c => c!["metadata"]?["tags"]?.AsArray().Any(t => (string?)t == "injected-parameters") == true)!;
            Assert.Contains("quick = false;", ExecutedNotebook.Flat(injected["source"]));
            Assert.Contains(nb.Outputs, o => o["data"]?["application/vnd.plotly.v1+json"] is not null || o["data"]?["text/html"] is not null); // figures or tables
            Assert.DoesNotContain(nb.Outputs, o => (string?)o["output_type"] == "error");
        }
    }
}
