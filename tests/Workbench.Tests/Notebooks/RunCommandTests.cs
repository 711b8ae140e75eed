using System.CommandLine;
using System.Text;
using Workbench.Cli;

namespace Workbench.Tests.Notebooks;

[Collection(NotebookCollection.Name)]
public sealed class RunCommandTests
{
    private static async Task<(int Exit, string Out, string Error)> Run(params string[] args)
    {
        var root = new RootCommand { RunCommand.Create() };
        var (output, error) = (new StringWriter(), new StringWriter());
        var exit = await root.Parse(["run", .. args]).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = output, Error = error });
        return (exit, output.ToString().Replace("\r", ""), error.ToString().Replace("\r", ""));
    }

    [Fact]
    public async Task RunsANotebookPrintingProgressAndASummary()
    {
        using var folder = new TempFolder();
        var path = folder.Write("demo.ipynb", Encoding.UTF8.GetBytes(JupyterNotebooks.OfCells(
            ("int size = 1;", ["parameters"]),
            ("Tensor.Ones(size, 2).Sum()", []))));
        var (exit, output, error) = await Run(path, "-p", "size=2", "-o", folder["out.ipynb"], "--timeout", "120");

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^\[1/3\] cell 1 \.\.\. \d+\.\ds$", lines[0]);
        Assert.Matches(@"^\[2/3\] cell 2 \.\.\. \d+\.\ds$", lines[1]); // the injected cell
        Assert.Matches(@"^\[3/3\] cell 3 \.\.\. \d+\.\ds$", lines[2]);
        Assert.Equal($"ran 3 cells in", lines[3][..14]);
        Assert.EndsWith($"; wrote {folder["out.ipynb"]}", lines[3]);
        var result = JupyterNotebooks.Outputs(folder["out.ipynb"])[2][0]!["data"]!["text/plain"]![0]!.GetValue<string>();
        Assert.Equal("Tensor[] Float32 cpu (4)", result);
    }

    [Fact]
    public async Task AFailingCellExitsNonZeroNamingTheCellAndError()
    {
        using var folder = new TempFolder();
        var path = folder.Write("fail.ipynb", Encoding.UTF8.GetBytes(JupyterNotebooks.OfCode("var a = 1;", "throw new InvalidOperationException(\"no data\");", "a")));
        var (exit, output, error) = await Run(path);

        Assert.Equal(1, exit);
        Assert.Matches(@"\[2/3\] cell 2 \.\.\. failed after \d+\.\ds", output);
        Assert.StartsWith("cell 2 failed: InvalidOperationException: no data\n", error);
        Assert.Contains("   Cell In[2], line 1", error);
        Assert.Contains($"wrote {folder["fail.executed.ipynb"]} with the outputs of the 2 cells that ran", error);
    }

    [Fact]
    public async Task UserErrorsAreClearExceptionsForTheCliToReport()
    {
        using var folder = new TempFolder();
        var missing = folder["missing.ipynb"];
        Assert.Contains($"no notebook at '{missing}'", (await Assert.ThrowsAsync<FileNotFoundException>(() => Run(missing))).Message);

        var bad = folder.Write("bad.ipynb", Encoding.UTF8.GetBytes("not json"));
        Assert.Contains($"'{bad}' is not a notebook: invalid JSON", (await Assert.ThrowsAsync<InvalidDataException>(() => Run(bad))).Message);

        var good = folder.Write("good.ipynb", Encoding.UTF8.GetBytes(JupyterNotebooks.OfCells(("var lr = 0.1;", ["parameters"]))));
        Assert.Contains("unknown parameter 'rate'", (await Assert.ThrowsAsync<ArgumentException>(() => Run(good, "-p", "rate=1"))).Message);

        var (exit, _, error) = await Run(good, "--timeout", "-1");
        Assert.NotEqual(0, exit);
        Assert.Contains("--timeout must be a positive number of seconds", error);
    }
}
