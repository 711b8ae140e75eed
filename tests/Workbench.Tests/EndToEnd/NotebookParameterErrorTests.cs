namespace Workbench.Tests.EndToEnd;

/// <summary>
/// A mistyped folder of runs stops notebooks 04 and 05 at their first cell, naming the parameter, rather
/// than starting hours of fresh loops in a folder nobody meant (04) or reading no runs at all (05).
/// </summary>
public class NotebookParameterErrorTests
{
    [Theory]
    [InlineData("04-layer-vs-filter-cka.ipynb", "runs")]
    [InlineData("05-reproduce-the-tables.ipynb", "coarseRuns")]
    [InlineData("05-reproduce-the-tables.ipynb", "loopRuns")]
    public void AMissingRunsFolderIsRefusedBeforeAnythingTrains(string name, string parameter)
    {
        using var folder = new TempFolder();
        var missing = Path.Combine(folder.Path, "no-such-runs");
        var output = Path.Combine(folder.Path, "out.ipynb");
        var (exit, stdout, stderr) = CliProcess.Run(TimeSpan.FromMinutes(2), "run", ShippedNotebooks.RepoFile($"notebooks/{name}"), "-p", $"{parameter}={missing}", "-o", output);
        Assert.Equal(1, exit);
        Assert.Contains($"{parameter} = \"{missing}\" is not a folder", stdout + stderr);
        Assert.False(Directory.Exists(missing), "the missing folder must not have been created");
        // It stopped in the set-up cell: nothing was trained, so no later cell has outputs.
        var text = new ExecutedNotebook(output).Text;
        Assert.DoesNotContain("baseline test:", text);   // 04 trained nothing
        Assert.DoesNotContain("(recorded", text);        // 05 evaluated no checkpoint
    }
}
