namespace Workbench.Tests.EndToEnd;

/// <summary>
/// A mistyped folder of loop runs stops notebooks 04 and 05 at their first cell, naming the parameter,
/// rather than starting hours of fresh loops in a folder nobody meant.
/// </summary>
public class NotebookParameterErrorTests
{
    [Theory]
    [InlineData("04-layer-vs-filter-cka.ipynb")]
    [InlineData("05-reproduce-the-tables.ipynb")]
    public void AMissingRunsFolderIsRefusedBeforeAnythingTrains(string name)
    {
        using var folder = new TempFolder();
        var missing = Path.Combine(folder.Path, "no-such-runs");
        var output = Path.Combine(folder.Path, "out.ipynb");
        var (exit, stdout, stderr) = CliProcess.Run(TimeSpan.FromMinutes(2), "run", ShippedNotebooks.RepoFile($"notebooks/{name}"), "-p", $"runs={missing}", "-o", output);
        Assert.Equal(1, exit);
        Assert.Contains($"runs = \"{missing}\" is not a folder", stdout + stderr);
        Assert.False(Directory.Exists(missing), "the missing folder must not have been created");
        // It stopped in the set-up cell: nothing was trained, so no later cell has outputs.
        Assert.DoesNotContain("baseline test:", new ExecutedNotebook(output).Text);
    }
}
