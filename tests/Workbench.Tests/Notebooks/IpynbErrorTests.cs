using System.Text;
using Workbench.Notebooks.Ipynb;
using Workbench.Notebooks.Running;

namespace Workbench.Tests.Notebooks;

public sealed class IpynbErrorTests
{
    [Theory]
    [InlineData("{ \"cells\": [ ", "is not a notebook: invalid JSON")]
    [InlineData("[1, 2]", "is not a Jupyter notebook")]
    [InlineData("{\"nbformat\": 3, \"nbformat_minor\": 0, \"worksheets\": []}", "is nbformat 3; only nbformat 4")]
    [InlineData("{\"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": {}}", "has no list of cells")]
    [InlineData("{\"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": {}, \"cells\": [{\"source\": []}]}", "cell 1 has no cell_type")]
    [InlineData("{\"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": {}, \"cells\": [{\"cell_type\": \"weird\", \"source\": []}]}", "cell 1 has cell_type 'weird'")]
    [InlineData("{\"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": {}, \"cells\": [{\"cell_type\": \"code\", \"source\": 42}]}", "the source of cell 1 is a number")]
    [InlineData("{\"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": {}, \"cells\": [{\"cell_type\": \"code\", \"source\": [\"x\", 1]}]}", "the source of cell 1 is a list holding something other than strings")]
    public async Task BadFilesAreRefusedByNameAndLeftUntouched(string content, string expected)
    {
        using var folder = new TempFolder();
        var path = folder.Write("bad.ipynb", Encoding.UTF8.GetBytes(content));
        var before = File.GetLastWriteTimeUtc(path);
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => NotebookRunner.RunAsync(path, cancellation: TestContext.Current.CancellationToken));
        Assert.Contains(path, e.Message);
        Assert.Contains(expected, e.Message);
        Assert.Equal(content, File.ReadAllText(path));
        Assert.Equal(before, File.GetLastWriteTimeUtc(path));
        Assert.Equal(["bad.ipynb"], folder.FileNames());
    }

    [Fact]
    public void AMissingFileIsNamed()
    {
        var e = Assert.Throws<FileNotFoundException>(() => Notebook.Load("/no/such/notebook.ipynb"));
        Assert.Contains("/no/such/notebook.ipynb", e.Message);
    }

    [Fact]
    public void SavingIsAtomicAndLeavesNoTemporaryFiles()
    {
        using var folder = new TempFolder();
        var notebook = Notebook.Parse(JupyterNotebooks.OfCode("1"), "x.ipynb");
        notebook.Save(folder["out.ipynb"]);
        notebook.Save(folder["out.ipynb"]);
        Assert.Equal(["out.ipynb"], folder.FileNames());
        Assert.Equal(notebook.ToJson(), File.ReadAllText(folder["out.ipynb"]));
    }
}
