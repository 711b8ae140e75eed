using System.Text.Json.Nodes;
using Workbench.Notebooks.Ipynb;
using Workbench.Notebooks.Running;

namespace Workbench.Tests.Notebooks;

[Collection(NotebookCollection.Name)]
public sealed class IpynbRoundTripTests
{
    [Fact]
    public void ANotebookWrittenByJupyterComesBackByteForByte()
    {
        var notebook = Notebook.Parse(JupyterNotebooks.Handwritten, "handwritten.ipynb");
        Assert.Equal(JupyterNotebooks.Handwritten, notebook.ToJson());
    }

    [Fact]
    public void CellsExposeTheirFields()
    {
        var cells = Notebook.Parse(JupyterNotebooks.Handwritten, "handwritten.ipynb").Cells;
        Assert.Equal(["markdown", "code", "raw", "code"], cells.Select(c => c.CellType));
        Assert.Equal("first-code", cells[1].Id);
        Assert.Equal(["setup"], cells[1].Tags);
        Assert.Equal(7, cells[1].ExecutionCount);
        Assert.EndsWith("\ngreeting", cells[1].Source);
        Assert.Equal("", cells[3].Source);
    }

    [Fact]
    public async Task RunningChangesOnlyOutputsAndExecutionCounts()
    {
        using var folder = new TempFolder();
        var path = folder.Write("hand.ipynb", System.Text.Encoding.UTF8.GetBytes(JupyterNotebooks.Handwritten));
        var summary = await NotebookRunner.RunAsync(path, new RunOptions { InPlace = true }, TestContext.Current.CancellationToken);
        Assert.True(summary.Succeeded, summary.Failure?.ToString());

        var outputs = JupyterNotebooks.Outputs(path);
        Assert.Equal("stream", outputs[0][0]!["output_type"]!.GetValue<string>());
        Assert.Equal(new JsonArray("22\n").ToJsonString(), outputs[0][0]!["text"]!.ToJsonString());
        Assert.Equal("execute_result", outputs[0][1]!["output_type"]!.GetValue<string>());
        Assert.Equal([1, null], JupyterNotebooks.ExecutionCounts(path));
        Assert.True(JsonNode.DeepEquals(WithoutOutputs(JupyterNotebooks.Handwritten), WithoutOutputs(File.ReadAllText(path))));
    }

    [Fact]
    public void SourcesGivenAsOneStringAreWrittenAsLines()
    {
        var text = JupyterNotebooks.OfCode("var a = 1;\nvar b = 2;");
        var written = JsonNode.Parse(Notebook.Parse(text, "x.ipynb").ToJson())!;
        Assert.Equal("""["var a = 1;\n","var b = 2;"]""", written["cells"]![0]!["source"]!.ToJsonString());
    }

    [Fact]
    public void NewCellsGetIdsOnlyWhenTheFormatHasThem()
    {
        var notebook = Notebook.Parse(JupyterNotebooks.Handwritten, "x.ipynb");
        var added = notebook.InsertCodeCell(1, "1 + 1", "extra");
        Assert.Matches("^[a-zA-Z0-9_-]{8,64}$", added.Id);
        Assert.Same(added, notebook.Cells[1]);
        var old = Notebook.Parse(JupyterNotebooks.Handwritten.Replace("\"nbformat_minor\": 5", "\"nbformat_minor\": 4"), "old.ipynb");
        Assert.Null(old.InsertCodeCell(0, "1").Id);
    }

    [Fact]
    public void OutputsTakeNbformatShapes()
    {
        var bundle = new Workbench.Notebooks.Execution.MimeBundle(new Dictionary<string, object>
        {
            ["text/plain"] = "a\nb",
            ["image/png"] = "iVBOR",
            ["application/json"] = new JsonObject { ["k"] = 1 },
        });
        Assert.Equal("""{"data":{"text/plain":["a\n","b"],"image/png":"iVBOR","application/json":{"k":1}},"execution_count":3,"metadata":{},"output_type":"execute_result"}""",
            NotebookOutputs.ExecuteResult(bundle, 3).ToJsonString());
        Assert.Equal("""{"ename":"E","evalue":"m","output_type":"error","traceback":["E: m"]}""",
            NotebookOutputs.Error(new("E", "m", ["E: m"])).ToJsonString());
        Assert.Equal("""{"name":"stderr","output_type":"stream","text":["x\n"]}""", NotebookOutputs.Stream("stderr", "x\n").ToJsonString());
    }

    private static JsonNode WithoutOutputs(string text)
    {
        var root = JsonNode.Parse(text)!;
        foreach (var cell in root["cells"]!.AsArray().Where(c => c!["cell_type"]!.GetValue<string>() == "code"))
        {
            cell!["outputs"] = new JsonArray();
            cell["execution_count"] = null;
        }
        return root;
    }
}
