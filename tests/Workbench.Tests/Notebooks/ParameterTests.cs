using System.Text;
using Workbench.Notebooks.Ipynb;
using Workbench.Notebooks.Running;

namespace Workbench.Tests.Notebooks;

[Collection(NotebookCollection.Name)]
public sealed class ParameterTests
{
    private const string Defaults = "var lr = 0.1;\nint epochs = 2;\nstring name = \"base\";\nvar verbose = false;\nfloat scale = 1f;\nlong big = 1L;\nvar device = Device.Cpu;";

    private static string Notebook() => JupyterNotebooks.OfCells(
        ("var before = 1;", []),
        (Defaults, [ParameterInjection.ParametersTag]),
        ("$\"{lr}|{epochs}|{name}|{verbose}|{scale}|{big}|{device}\"", []));

    [Fact]
    public async Task OverridesAreInjectedAfterTheParametersCellTypedByTheirDeclarations()
    {
        using var folder = new TempFolder();
        var path = folder.Write("p.ipynb", Encoding.UTF8.GetBytes(Notebook()));
        var parameters = ParameterInjection.ParseAssignments(["lr=0.5", "epochs=7", "name=a \"quoted\" = name", "verbose=True", "scale=0.25", "big=5000000000", "device=Device.Cuda(1)"]);
        var summary = await NotebookRunner.RunAsync(path, new RunOptions { InPlace = true, Parameters = parameters }, TestContext.Current.CancellationToken);
        Assert.True(summary.Succeeded, summary.Failure?.ToString());

        var notebook = Workbench.Notebooks.Ipynb.Notebook.Load(path);
        var injected = notebook.Cells[2];
        Assert.Equal([ParameterInjection.InjectedTag], injected.Tags);
        Assert.NotNull(injected.Id);
        Assert.Equal("""
            // Parameters injected by workbench run
            lr = 0.5d;
            epochs = 7;
            name = "a \"quoted\" = name";
            verbose = true;
            scale = 0.25f;
            big = 5000000000L;
            device = Device.Cuda(1);
            """.Replace("\r", ""), injected.Source);
        var result = notebook.Cells[3].Outputs[0]!["data"]!["text/plain"]![0]!.GetValue<string>();
        Assert.Equal("0.5|7|a \"quoted\" = name|True|0.25|5000000000|cuda:1", result);
    }

    [Fact]
    public async Task ARerunReplacesThePreviouslyInjectedCell()
    {
        using var folder = new TempFolder();
        var path = folder.Write("p.ipynb", Encoding.UTF8.GetBytes(Notebook()));
        await NotebookRunner.RunAsync(path, new RunOptions { InPlace = true, Parameters = new Dictionary<string, string> { ["epochs"] = "3" } }, TestContext.Current.CancellationToken);
        await NotebookRunner.RunAsync(path, new RunOptions { InPlace = true, Parameters = new Dictionary<string, string> { ["epochs"] = "4" } }, TestContext.Current.CancellationToken);
        var cells = Workbench.Notebooks.Ipynb.Notebook.Load(path).Cells;
        Assert.Equal(4, cells.Count);
        Assert.EndsWith("epochs = 4;", cells[2].Source);
    }

    [Fact]
    public async Task AnUnknownNameFailsBeforeAnythingRunsNamingTheKnownOnes()
    {
        using var folder = new TempFolder();
        var text = Notebook();
        var path = folder.Write("p.ipynb", Encoding.UTF8.GetBytes(text));
        var e = await Assert.ThrowsAsync<ArgumentException>(() =>
            NotebookRunner.RunAsync(path, new RunOptions { InPlace = true, Parameters = new Dictionary<string, string> { ["epoch"] = "3" } }, TestContext.Current.CancellationToken));
        Assert.Contains("unknown parameter 'epoch'", e.Message);
        Assert.Contains("lr, epochs, name, verbose, scale, big, device", e.Message);
        Assert.Equal(text, File.ReadAllText(path));
    }

    [Theory]
    [InlineData("epochs", "2.5", "parameter 'epochs' is an int, and '2.5' is not one")]
    [InlineData("verbose", "maybe", "parameter 'verbose' is a bool, and 'maybe' is not one")]
    public void AValueOfTheWrongTypeIsRefused(string name, string value, string expected)
    {
        var notebook = Workbench.Notebooks.Ipynb.Notebook.Parse(Notebook(), "p.ipynb");
        var e = Assert.Throws<ArgumentException>(() => ParameterInjection.Apply(notebook, new Dictionary<string, string> { [name] = value }, "p.ipynb"));
        Assert.Equal(expected, e.Message);
    }

    [Fact]
    public void ANotebookWithoutAParametersCellTakesNone()
    {
        var notebook = Workbench.Notebooks.Ipynb.Notebook.Parse(JupyterNotebooks.OfCode("var x = 1;"), "plain.ipynb");
        var e = Assert.Throws<ArgumentException>(() => ParameterInjection.Apply(notebook, new Dictionary<string, string> { ["x"] = "2" }, "plain.ipynb"));
        Assert.Contains("'plain.ipynb' has no code cell tagged 'parameters'", e.Message);
        Assert.Null(ParameterInjection.Apply(notebook, new Dictionary<string, string>(), "plain.ipynb"));
    }

    [Fact]
    public void AssignmentsMustHaveANameAndAnEqualsSign() =>
        Assert.Throws<ArgumentException>(() => ParameterInjection.ParseAssignments(["=3"]));
}
