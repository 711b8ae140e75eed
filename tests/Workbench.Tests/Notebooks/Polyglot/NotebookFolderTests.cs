using System.Text;
using Workbench.Notebooks.Running;

namespace Workbench.Tests.Notebooks.Polyglot;

/// <summary>
/// A run's cells see the notebook's folder as the working directory, as Polyglot's did, so data beside a
/// notebook is found by its relative path whichever folder the run was started from.
/// </summary>
[Collection(NotebookCollection.Name)]
public sealed class NotebookFolderTests
{
    [Fact]
    public async Task CellsReadFilesBesideTheNotebookAndTheFolderIsRestoredAfter()
    {
        using var folder = new TempFolder();
        folder.Write("analysis/data/scores.csv", Encoding.UTF8.GetBytes("layer,mcr\nconv1,7.5\n"));
        var path = folder.Write("analysis/scores.ipynb", Encoding.UTF8.GetBytes(JupyterNotebooks.OfCode(
            "File.ReadAllLines(\"data/scores.csv\").Length",
            "Environment.CurrentDirectory")));
        var before = Environment.CurrentDirectory;

        var summary = await NotebookRunner.RunAsync(path, cancellation: TestContext.Current.CancellationToken);

        Assert.True(summary.Succeeded, summary.Failure?.ToString());
        var outputs = JupyterNotebooks.Outputs(folder["analysis/scores.executed.ipynb"]);
        Assert.Equal("2", outputs[0][0]!["data"]!["text/plain"]![0]!.GetValue<string>());
        Assert.Equal(folder["analysis"], outputs[1][0]!["data"]!["text/plain"]![0]!.GetValue<string>());
        Assert.Equal(before, Environment.CurrentDirectory);
    }
}
