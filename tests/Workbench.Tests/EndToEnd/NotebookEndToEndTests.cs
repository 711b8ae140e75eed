using Workbench.Tests.Reference;
using System.Text.Json.Nodes;
using Workbench.Notebooks.Kernel;
using Workbench.Tests.Notebooks.Kernel;

namespace Workbench.Tests.EndToEnd;

/// <summary>
/// The notebook engine as users meet it: <c>workbench run</c> on a notebook with a figure, a table and a
/// deliberate failure; and <c>jupyter nbconvert --execute</c> through the installed kernelspec, which
/// launches the real kernel process with the real C# session.
/// </summary>
public sealed class NotebookEndToEndTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private static JsonObject Code(string id, string source, params string[] tags) => new()
    {
        ["cell_type"] = "code", ["id"] = id, ["execution_count"] = null, ["outputs"] = new JsonArray(),
        ["metadata"] = tags.Length == 0 ? new JsonObject() : new JsonObject { ["tags"] = new JsonArray(tags.Select(t => (JsonNode)t!).ToArray()) },
        ["source"] = source,
    };

    private string Write(string name, params JsonObject[] cells)
    {
        var notebook = new JsonObject
        {
            ["nbformat"] = 4, ["nbformat_minor"] = 5,
            ["metadata"] = new JsonObject { ["kernelspec"] = new JsonObject { ["name"] = "csharp-workbench", ["display_name"] = "C# (Workbench)", ["language"] = "csharp" } },
            ["cells"] = new JsonArray([new JsonObject { ["cell_type"] = "markdown", ["id"] = "intro", ["metadata"] = new JsonObject(), ["source"] = "# End to end" }, .. cells]),
        };
        return folder.Write(name, System.Text.Encoding.UTF8.GetBytes(notebook.ToJsonString()));
    }

    private static JsonArray Outputs(JsonNode notebook, string id) =>
        notebook["cells"]!.AsArray().First(c => (string?)c!["id"] == id)!["outputs"]!.AsArray();

    [Fact]
    public void RunWritesFigureTableAndFailureAndStopsAtTheFailingCell()
    {
        var input = Write("run.ipynb",
            Code("params", "int points = 4;", "parameters"),
            Code("figure", "var xs = Enumerable.Range(0, points).Select(i => (double)i).ToArray();\nCharts.Curves(\"t\", \"x\", \"y\", [(\"a\", xs, xs)])"),
            Code("table", "new[] { (Layer: \"conv1\", Kept: 0.5), (Layer: \"conv2\", Kept: 0.25) }"),
            Code("fails", "var ok = 1;\nthrow new InvalidOperationException(\"deliberate\");"),
            Code("after", "Console.WriteLine(\"never\");"));
        var output = folder["out.ipynb"];

        var (exit, stdout, stderr) = CliProcess.Run(Timeout, "run", input, "-p", "points=6", "-o", output);

        Assert.Equal(1, exit);
        Assert.Contains("cell 6 failed: InvalidOperationException: deliberate", stderr); // cells count from 1, markdown and the injected cell included
        Assert.Contains("line 2", stderr);
        var nb = JsonNode.Parse(File.ReadAllText(output))!;
        var figure = Outputs(nb, "figure").Single()!["data"]!;
        Assert.Equal(6, figure["application/vnd.plotly.v1+json"]!["data"]![0]!["x"]!.AsArray().Count); // the injected parameter reached the cell
        Assert.Contains("<table", ExecutedNotebook.Flat(Outputs(nb, "table").Single()!["data"]!["text/html"]));
        Assert.Equal("error", (string?)Outputs(nb, "fails").Single()!["output_type"]);
        Assert.Empty(Outputs(nb, "after"));
        Assert.Equal("injected-parameters", (string?)nb["cells"]![2]!["metadata"]!["tags"]![0]);
        Assert.Contains("[1/", stdout); // per-cell progress
    }

    [Fact]
    public void RunRejectsAnUnknownParameterBeforeRunningAnything()
    {
        var input = Write("p.ipynb", Code("params", "int points = 4;", "parameters"), Code("c", "Console.WriteLine(points);"));
        var before = File.ReadAllText(input);
        var (exit, _, stderr) = CliProcess.Run(Timeout, "run", input, "-p", "pionts=6");
        Assert.NotEqual(0, exit);
        Assert.Contains("pionts", stderr);
        Assert.Equal(before, File.ReadAllText(input));
    }

    [Fact]
    public void ACellThatKillsTheProcessLeavesTheOutputsOfTheCellsBeforeIt()
    {
        var input = Write("dies.ipynb",
            Code("first", "Console.WriteLine(\"kept\");\n6 * 7"),
            Code("dies", "Environment.FailFast(\"a cell that ends the process\");"),
            Code("never", "Console.WriteLine(\"never\");"));
        var before = File.ReadAllText(input);
        var (exit, _, _) = CliProcess.Run(Timeout, "run", input);

        Assert.NotEqual(0, exit);
        Assert.Equal(before, File.ReadAllText(input)); // the input is never written without --inplace
        var nb = JsonNode.Parse(File.ReadAllText(folder["dies.executed.ipynb"]))!;
        var first = Outputs(nb, "first");
        Assert.Contains("kept", ExecutedNotebook.Flat(first.First(o => (string?)o!["output_type"] == "stream")!["text"]));
        Assert.Equal("42", ExecutedNotebook.Flat(first.First(o => (string?)o!["output_type"] == "execute_result")!["data"]!["text/plain"]));
        Assert.Empty(Outputs(nb, "dies"));
        Assert.Empty(Outputs(nb, "never"));
    }

    [Fact]
    public void RunInPlaceWritesTheInputAndRefusesAnOutputBesideIt()
    {
        var input = Write("inplace.ipynb", Code("c", "1 + 2"));
        var (both, _, bothError) = CliProcess.Run(Timeout, "run", input, "--inplace", "-o", folder["x.ipynb"]);
        Assert.NotEqual(0, both);
        Assert.Contains("either --output or --inplace", bothError);
        var (same, _, sameError) = CliProcess.Run(Timeout, "run", input, "-o", input);
        Assert.NotEqual(0, same);
        Assert.Contains("is one of this command's inputs", sameError);

        var (exit, stdout, stderr) = CliProcess.Run(Timeout, "run", input, "--inplace");
        Assert.True(exit == 0, stderr);
        Assert.EndsWith($"wrote {input}", stdout.Trim());
        Assert.Equal("3", ExecutedNotebook.Flat(Outputs(JsonNode.Parse(File.ReadAllText(input))!, "c").Single()!["data"]!["text/plain"]));
    }

    [Fact]
    public void NbconvertExecutesANotebookThroughTheRealKernel()
    {
        var input = Write("k.ipynb",
            Code("k1", "var t = Tensor.Ones(2, 3);\nConsole.WriteLine($\"numel {t.NumEl}\");\nt.Sum().Item<float>()"),
            Code("k2", "var h = display(\"first\");\nh.Update(\"second\");\nCharts.Bars(\"b\", [\"a\", \"b\"], [(\"s\", new[] { 1.0, 2.0 })])"));

        Nbconvert.Execute(input, folder["k-out.ipynb"], folder, TimeSpan.FromSeconds(90));

        var nb = JsonNode.Parse(File.ReadAllText(folder["k-out.ipynb"]))!;
        var first = Outputs(nb, "k1");
        Assert.Contains("numel 6", ExecutedNotebook.Flat(first.First(o => (string?)o!["output_type"] == "stream")!["text"]));
        Assert.Equal("6", ExecutedNotebook.Flat(first.First(o => (string?)o!["output_type"] == "execute_result")!["data"]!["text/plain"]));
        var second = Outputs(nb, "k2");
        // nbconvert applies the update to the displayed output in place.
        Assert.Contains(second, o => (string?)o!["output_type"] == "display_data" && ExecutedNotebook.Flat(o["data"]!["text/plain"]).Contains("second"));
        Assert.Contains(second, o => o!["data"]?["application/vnd.plotly.v1+json"] is not null);
    }
}
