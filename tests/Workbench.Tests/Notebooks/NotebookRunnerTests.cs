using System.Text;
using Workbench.Notebooks.Running;

namespace Workbench.Tests.Notebooks;

[Collection(NotebookCollection.Name)]
public sealed class NotebookRunnerTests
{
    [Fact]
    public async Task EveryCodeCellRunsInOrderWithCountsAndOutputs()
    {
        using var folder = new TempFolder();
        var path = folder.Write("n.ipynb", Encoding.UTF8.GetBytes(JupyterNotebooks.OfCode(
            "var total = 0;", "   ", "total += 5;\nConsole.WriteLine(\"added\");\ndisplay(total);\ntotal * 2")));
        var progress = new List<CellProgress>();
        var summary = await NotebookRunner.RunAsync(path, new RunOptions { Progress = progress.Add }, TestContext.Current.CancellationToken);

        Assert.True(summary.Succeeded);
        var output = folder["n.executed.ipynb"]; // beside the input by default
        Assert.Equal((2, 2, output), (summary.CellsRun, summary.CellsToRun, summary.OutputPath));
        Assert.Equal([1, null, 2], JupyterNotebooks.ExecutionCounts(output)); // the blank cell is skipped, as Jupyter's clients do
        var last = JupyterNotebooks.Outputs(output)[2];
        Assert.Equal(["stream", "display_data", "execute_result"], last.Select(o => o!["output_type"]!.GetValue<string>()));
        Assert.Equal("10", last[2]!["data"]!["text/plain"]![0]!.GetValue<string>());
        Assert.Equal(2, last[2]!["execution_count"]!.GetValue<int>());
        Assert.Equal([(1, 1, false), (1, 1, true), (2, 3, false), (2, 3, true)], progress.Select(p => (p.Index, p.CellNumber, p.Finished)));
        Assert.All(progress, p => Assert.Equal(2, p.Total));
    }

    [Fact]
    public async Task AnOutputPathLeavesTheInputAsItWas()
    {
        using var folder = new TempFolder();
        var text = JupyterNotebooks.OfCode("1 + 1");
        var path = folder.Write("in.ipynb", Encoding.UTF8.GetBytes(text));
        var summary = await NotebookRunner.RunAsync(path, new RunOptions { OutputPath = folder["out.ipynb"] }, TestContext.Current.CancellationToken);
        Assert.Equal(folder["out.ipynb"], summary.OutputPath);
        Assert.Equal(text, File.ReadAllText(path));
        Assert.Equal("2", JupyterNotebooks.Outputs(folder["out.ipynb"])[0][0]!["data"]!["text/plain"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task TheInputIsNeverOverwrittenUnlessInPlaceIsAsked()
    {
        using var folder = new TempFolder();
        var text = JupyterNotebooks.OfCode("1 + 1");
        var path = folder.Write("in.ipynb", Encoding.UTF8.GetBytes(text));
        var refused = await Assert.ThrowsAsync<ArgumentException>(() =>
            NotebookRunner.RunAsync(path, new RunOptions { OutputPath = Path.Combine(folder.Path, ".", "in.ipynb") }, TestContext.Current.CancellationToken));
        Assert.Contains("is the input notebook", refused.Message);
        Assert.Equal(text, File.ReadAllText(path));
        Assert.False(File.Exists(folder["in.executed.ipynb"]));

        var summary = await NotebookRunner.RunAsync(path, new RunOptions { InPlace = true }, TestContext.Current.CancellationToken);
        Assert.Equal(path, summary.OutputPath);
        Assert.Equal("2", JupyterNotebooks.Outputs(path)[0][0]!["data"]!["text/plain"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task AFailingCellStopsTheRunAndLaterCellsKeepNoStaleOutputs()
    {
        using var folder = new TempFolder();
        var path = folder.Write("f.ipynb", Encoding.UTF8.GetBytes(JupyterNotebooks.OfCode("var ok = 1;", "var z = 0;\nvar boom = ok / z;", "ok")));
        // The last cell carries outputs from an earlier run; they must not survive a run that never reached it.
        var withStale = File.ReadAllText(path).Replace("\"outputs\": []", "\"outputs\": [{\"name\": \"stdout\", \"output_type\": \"stream\", \"text\": [\"stale\"]}]");
        File.WriteAllText(path, withStale);

        var summary = await NotebookRunner.RunAsync(path, new RunOptions { InPlace = true }, TestContext.Current.CancellationToken);

        Assert.False(summary.Succeeded);
        Assert.Equal(2, summary.Failure!.CellNumber);
        Assert.Equal("cell 2 failed: DivideByZeroException: Attempted to divide by zero.", summary.Failure.ToString());
        Assert.Equal((2, 3), (summary.CellsRun, summary.CellsToRun));
        var outputs = JupyterNotebooks.Outputs(path);
        Assert.Empty(outputs[0]);
        Assert.Equal("error", outputs[1].Single()!["output_type"]!.GetValue<string>());
        Assert.Contains("   Cell In[2], line 2", outputs[1].Single()!["traceback"]!.AsArray().Select(l => l!.GetValue<string>()));
        Assert.Empty(outputs[2]);
        Assert.Equal([1, 2, null], JupyterNotebooks.ExecutionCounts(path));
    }
}
