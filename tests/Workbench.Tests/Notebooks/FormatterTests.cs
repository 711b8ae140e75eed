using Workbench.Notebooks.Execution;
using Workbench.Notebooks.Formatting;

namespace Workbench.Tests.Notebooks;

[Collection(NotebookCollection.Name)]
public sealed class FormatterTests(SharedSession shared)
{
    private sealed class FakeFigure : Workbench.Plotting.IRichDisplay
    {
        public IReadOnlyDictionary<string, object> ToMimeBundle() => new Dictionary<string, object>
        {
            ["text/plain"] = "a figure",
            ["application/vnd.plotly.v1+json"] = new System.Text.Json.Nodes.JsonObject { ["data"] = new System.Text.Json.Nodes.JsonArray() },
        };
    }

    public class Animal;
    public class Dog : Animal;
    public sealed class Puppy : Dog;

    public sealed record Row(string Name, double Score);

    [Fact]
    public async Task ARichDisplayValueShowsItsOwnBundle()
    {
        var result = (await shared.Run("""
            class FakeFigure : IRichDisplay
            {
                public IReadOnlyDictionary<string, object> ToMimeBundle() => new Dictionary<string, object>
                {
                    ["text/plain"] = "a figure",
                    ["text/html"] = "<svg></svg>",
                };
            }
            new FakeFigure()
            """)).Outcome.Result!;
        Assert.Equal("a figure", result.Data["text/plain"]);
        Assert.Equal("<svg></svg>", result.Data["text/html"]);
    }

    [Fact]
    public void ARichDisplayBundleKeepsItsJson()
    {
        var bundle = Formatter.Format(new FakeFigure())!;
        Assert.IsType<System.Text.Json.Nodes.JsonObject>(bundle.Data["application/vnd.plotly.v1+json"]);
        Assert.Equal("a figure", bundle.Data["text/plain"]);
    }

    [Fact]
    public void TheMostDerivedRegisteredFormatterWins()
    {
        Formatter.Register<Animal>(_ => MimeBundle.PlainText("animal"));
        Formatter.Register<Dog>(_ => MimeBundle.PlainText("dog"));
        Assert.Equal("dog", Formatter.Format(new Puppy())!.Data["text/plain"]);
        Assert.Equal("animal", Formatter.Format(new Animal())!.Data["text/plain"]);
        Formatter.Unregister<Dog>();
        Assert.Equal("animal", Formatter.Format(new Puppy())!.Data["text/plain"]);
        Formatter.Unregister<Animal>();
    }

    [Fact]
    public async Task ACellCanRegisterAFormatterForLaterCells()
    {
        (await shared.Run("record Money(decimal Amount);\nFormatter.Register<Money>(m => MimeBundle.PlainText($\"€{m.Amount}\"));")).Outcome.AssertOk();
        Assert.Equal("€5", (await shared.Run("new Money(5)")).Outcome.Text());
    }

    [Fact]
    public void DefaultsAreTextSequencesShowTheirItemsAndNullShowsNothing()
    {
        Assert.Null(Formatter.Format(null));
        Assert.Equal("1.5", Formatter.Format(1.5)!.Data["text/plain"]);
        Assert.Equal("List<int>(3) { 1, 2, 3 }", Formatter.Format(new List<int> { 1, 2, 3 })!.Data["text/plain"]);
        Assert.Equal("string[](2) { \"a\", \"b\" }", Formatter.Format(new[] { "a", "b" })!.Data["text/plain"]);
    }

    [Fact]
    public void RecordsAndTuplesShowAsAnHtmlTable()
    {
        var records = Formatter.Format(new[] { new Row("a<b", 1.5), new Row("c", 2) })!;
        Assert.Equal("<table><thead><tr><th>Name</th><th>Score</th></tr></thead><tbody><tr><td>a&lt;b</td><td>1.5</td></tr><tr><td>c</td><td>2</td></tr></tbody></table>", records.Data["text/html"]);
        Assert.Contains("text/plain", records.Data.Keys);
        var tuples = Formatter.Format(new List<(int, string)> { (1, "x") })!;
        Assert.Equal("<table><thead><tr><th>Item1</th><th>Item2</th></tr></thead><tbody><tr><td>1</td><td>x</td></tr></tbody></table>", tuples.Data["text/html"]);
    }
}
