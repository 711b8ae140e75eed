using System.Text.Json.Nodes;

namespace Workbench.Tests.EndToEnd;

/// <summary>
/// A notebook in Polyglot Notebooks' own saved format, written with its users' habits (Fixtures/polyglot-habits:
/// data read beside the notebook, <c>#!time</c>, <c>Display()</c> and <c>Update</c>, <c>Formatter.Register</c> and
/// <c>ResetToDefault</c>, PocketView, LaTeX), runs unchanged through <c>workbench run</c> started from another
/// folder and through the Jupyter kernel, with the outputs Polyglot gave.
/// </summary>
public sealed class PolyglotHabitsTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    /// <summary>The fixture copied into a folder of its own, so its data is found only beside it.</summary>
    private string Copy(string? kernelName = null)
    {
        var fixture = ShippedNotebooks.RepoFile(Path.Combine("tests", "Workbench.Tests", "EndToEnd", "Fixtures", "polyglot-habits"));
        var notebook = JsonNode.Parse(File.ReadAllText(Path.Combine(fixture, "polyglot-habits.ipynb")))!;
        // The one change Jupyter needs: the kernel it names (Polyglot's is ".net-csharp").
        if (kernelName is not null) notebook["metadata"]!["kernelspec"]!["name"] = kernelName;
        folder.Write("habits/data/scores.csv", File.ReadAllBytes(Path.Combine(fixture, "data", "scores.csv")));
        return folder.Write("habits/polyglot-habits.ipynb", System.Text.Encoding.UTF8.GetBytes(notebook.ToJsonString()));
    }

    private static void AssertRanAsPolyglotWould(string executed)
    {
        var cells = JsonNode.Parse(File.ReadAllText(executed))!["cells"]!.AsArray()
            .Where(c => (string?)c!["cell_type"] == "code").Select(c => c!["outputs"]!.AsArray()).ToArray();
        var all = cells.SelectMany(c => c).ToList();
        Assert.DoesNotContain(all, o => (string?)o!["output_type"] is "error" or "stream");
        string Data(JsonNode output, string mime) => ExecutedNotebook.Flat(output["data"]![mime]);
        JsonNode Result(int cell) => cells[cell].Single(o => (string?)o!["output_type"] == "execute_result")!;

        // #!time: the cell's value, and the wall time as a display.
        Assert.Equal("3", Data(Result(0), "text/plain"));
        Assert.Matches(@"^Wall time: \d+(\.\d+)?ms$", Data(cells[0].Single(o => (string?)o!["output_type"] == "display_data")!, "text/plain"));
        // Display() then Update: one display, showing the updated table's three rows.
        var shown = Data(cells[1].Single()!, "text/html");
        foreach (var layer in new[] { ">conv1<", ">conv2<", ">fc<" }) Assert.Contains(layer, shown);
        // A list of records: an HTML table, and an aligned text table as its text.
        Assert.Contains("<th style=\"text-align:right\">MCR</th>", Data(Result(2), "text/html"));
        Assert.Equal("Layer    MCR\n-----  -----\nconv1  7.512\nconv2   8.25\nfc     12.35", Data(Result(2), "text/plain"));
        Assert.Equal("<b>fc</b>: 12.3", Data(Result(3), "text/html"));
        Assert.Equal("<div style=\"color:darkgreen\"><h3>Best layer</h3><p><b>conv1</b></p></div>", Data(Result(4), "text/html"));
        Assert.Equal(@"\mathrm{MCR} = \frac{\mathrm{errors}}{\mathrm{images}}", Data(Result(5), "text/latex"));
        Assert.Equal(["text/plain"], Result(6)["data"]!.AsObject().Select(p => p.Key));
        Assert.Equal("Score { Layer = fc, Mcr = 12.3456 }", Data(Result(6), "text/plain"));
    }

    [Fact]
    public void RunsUnchangedThroughWorkbenchRunFromAnotherFolder()
    {
        var input = Copy();
        var (exit, _, stderr) = CliProcess.Run(Timeout, "run", input);
        Assert.True(exit == 0, stderr);
        AssertRanAsPolyglotWould(folder["habits/polyglot-habits.executed.ipynb"]);
    }

    [Fact]
    public void RunsUnchangedThroughTheJupyterKernel()
    {
        var input = Copy("csharp-workbench");
        Nbconvert.Execute(input, folder["habits/kernel-out.ipynb"], folder, Timeout);
        AssertRanAsPolyglotWould(folder["habits/kernel-out.ipynb"]);
    }
}
