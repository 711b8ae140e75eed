using System.Text.Json.Nodes;
using Workbench.Plotting;

namespace Workbench.Tests.EndToEnd;

/// <summary>
/// A notebook as Polyglot Notebooks users write it: Plotly.NET brought in with #r "nuget:", a chart left as the
/// cell's value. It runs unchanged through <c>workbench run</c> and through the Jupyter kernel (nbconvert), the
/// chart arrives as Plotly's bundle, and the process holds one FSharp.Core (the library's Plotly.NET uses it too).
/// The package restores from the local NuGet cache, where building the workbench put it: no network is needed.
/// </summary>
public sealed class PolyglotNotebookTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private string Write()
    {
        var notebook = JsonNode.Parse(Notebooks.JupyterNotebooks.OfCode(
            "#r \"nuget: Plotly.NET.CSharp, 0.14.0\"",
            "using Plotly.NET.CSharp;\n\nChart.Point<double, double, string>(new double[] { 1, 2, 3 }, new double[] { 5, 10, 15 }, Name: \"points\")",
            "AppDomain.CurrentDomain.GetAssemblies().Count(a => a.GetName().Name == \"FSharp.Core\")",
            "Charts.Bars(\"the library's chart\", [\"a\"], [(\"s\", [1.0])])"))!;
        // The one change a Polyglot notebook needs for Jupyter: the kernel it names (Polyglot's was ".net-csharp").
        notebook["metadata"]!["kernelspec"] = new JsonObject { ["name"] = "csharp-workbench", ["display_name"] = "C# (Workbench)", ["language"] = "csharp" };
        return folder.Write("polyglot.ipynb", System.Text.Encoding.UTF8.GetBytes(notebook.ToJsonString()));
    }

    private static void AssertRanAsPolyglotWould(string executed)
    {
        var cells = JsonNode.Parse(File.ReadAllText(executed))!["cells"]!.AsArray();
        JsonNode? Result(int cell) => cells[cell]!["outputs"]!.AsArray().First(o => (string?)o!["output_type"] == "execute_result")!["data"];
        Assert.DoesNotContain(cells.SelectMany(c => c!["outputs"]!.AsArray()), o => (string?)o!["output_type"] == "error");
        var chart = Result(1)![ChartDisplay.PlotlyMimeType]!;
        Assert.Equal("scatter", (string?)chart["data"]![0]!["type"]);
        Assert.Equal("points", (string?)chart["data"]![0]!["name"]);
        Assert.Equal("1", ExecutedNotebook.Flat(Result(2)!["text/plain"]));
        Assert.Equal("bar", (string?)Result(3)![ChartDisplay.PlotlyMimeType]!["data"]![0]!["type"]);
    }

    [Fact]
    public void RunsUnchangedThroughWorkbenchRun()
    {
        var input = Write();
        var (exit, _, stderr) = CliProcess.Run(Timeout, "run", input);
        Assert.True(exit == 0, stderr);
        AssertRanAsPolyglotWould(folder["polyglot.executed.ipynb"]);
    }

    [Fact]
    public void RunsUnchangedThroughTheJupyterKernel()
    {
        var input = Write();
        Nbconvert.Execute(input, folder["kernel-out.ipynb"], folder, Timeout);
        AssertRanAsPolyglotWould(folder["kernel-out.ipynb"]);
    }
}
