using Workbench.Notebooks.Execution;
using FsCheck.Fluent;
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
        var bundle = NotebookFormatter.Format(new FakeFigure())!;
        Assert.IsType<System.Text.Json.Nodes.JsonObject>(bundle.Data["application/vnd.plotly.v1+json"]);
        Assert.Equal("a figure", bundle.Data["text/plain"]);
    }

    [Fact]
    public void TheMostDerivedRegisteredFormatterWins()
    {
        NotebookFormatter.Register<Animal>(_ => MimeBundle.PlainText("animal"));
        NotebookFormatter.Register<Dog>(_ => MimeBundle.PlainText("dog"));
        Assert.Equal("dog", NotebookFormatter.Format(new Puppy())!.Data["text/plain"]);
        Assert.Equal("animal", NotebookFormatter.Format(new Animal())!.Data["text/plain"]);
        NotebookFormatter.Unregister<Dog>();
        Assert.Equal("animal", NotebookFormatter.Format(new Puppy())!.Data["text/plain"]);
        NotebookFormatter.Unregister<Animal>();
    }

    [Fact]
    public async Task ACellCanRegisterAFormatterForLaterCells()
    {
        (await shared.Run("record Money(decimal Amount);\nNotebookFormatter.Register<Money>(m => MimeBundle.PlainText($\"€{m.Amount}\"));")).Outcome.AssertOk();
        Assert.Equal("€5", (await shared.Run("new Money(5)")).Outcome.Text());
    }

    [Fact]
    public void DefaultsAreTextSequencesShowTheirItemsAndNullShowsNothing()
    {
        Assert.Null(NotebookFormatter.Format(null));
        Assert.Equal("1.5", NotebookFormatter.Format(1.5)!.Data["text/plain"]);
        Assert.Equal("List<int>(3) { 1, 2, 3 }", NotebookFormatter.Format(new List<int> { 1, 2, 3 })!.Data["text/plain"]);
        Assert.Equal("string[](2) { \"a\", \"b\" }", NotebookFormatter.Format(new[] { "a", "b" })!.Data["text/plain"]);
        // A LINQ query's iterator is an internal type; it reads as the sequence it is.
        Assert.Equal("IEnumerable<int> { 2, 4 }", NotebookFormatter.Format(new List<int> { 1, 2 }.Select(i => 2 * i))!.Data["text/plain"]);
    }

    [Fact]
    public void RecordsAndTuplesShowAsAnHtmlTable()
    {
        var records = NotebookFormatter.Format(new[] { new Row("a<b", 1.5), new Row("c", 2) })!;
        Assert.Equal("<table><thead><tr><th style=\"text-align:left\">Name</th><th style=\"text-align:right\">Score</th></tr></thead><tbody>"
            + "<tr><td style=\"text-align:left\">a&lt;b</td><td style=\"text-align:right\">1.5</td></tr>"
            + "<tr><td style=\"text-align:left\">c</td><td style=\"text-align:right\">2</td></tr></tbody></table>", records.Data["text/html"]);
        Assert.Contains("text/plain", records.Data.Keys);
        var tuples = NotebookFormatter.Format(new List<(int, string)> { (1, "x") })!;
        Assert.Equal("<table><thead><tr><th style=\"text-align:right\">Item1</th><th style=\"text-align:left\">Item2</th></tr></thead><tbody>"
            + "<tr><td style=\"text-align:right\">1</td><td style=\"text-align:left\">x</td></tr></tbody></table>", tuples.Data["text/html"]);
    }

    public sealed record LoopRow(string RunName, long Macs, double McrPruned, double ValidationAccuracy, long[] OutputShape, double? Cka);

    [Fact]
    public void TableCellsReadAsAPersonWouldWriteThem()
    {
        var html = (string)NotebookFormatter.Format(new[] { new LoopRow("both", 27208576, 7.699999999999996, 0.9459521826260004, [16, 28, 28], null) })!.Data["text/html"];
        // Headers in words with the field's acronyms; whole numbers grouped; floats to four significant digits; arrays inline.
        foreach (var header in new[] { ">Run name<", ">MACs<", ">MCR pruned<", ">Validation accuracy<", ">Output shape<", ">CKA<" }) Assert.Contains(header, html);
        foreach (var cell in new[] { ">27,208,576<", ">7.7<", ">0.946<", ">[16, 28, 28]<" }) Assert.Contains(cell, html);
        Assert.DoesNotContain("long[]", html);
        Assert.Contains("<td style=\"text-align:left\">both</td>", html);
        Assert.Contains("<td style=\"text-align:right\"></td>", html); // a null number leaves its cell empty, still aligned as a number
    }

    [Fact]
    public void RoundedNumbersKeepFourSignificantDigitsAndTheirValue()
    {
        // The property against an independent rounding: parse the shown text back and compare with the value at 4 significant digits.
        FsCheck.Check.One(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(300), FsCheck.Fluent.Prop.ForAll(
            (from e in FsCheck.Fluent.Gen.Choose(-6, 8) from m in FsCheck.Fluent.Gen.Choose(-9999, 9999) select m / 1000.0 * Math.Pow(10, e)).ToArbitrary(),
            value =>
            {
                var shown = TableCell.Number(value);
                var back = double.Parse(shown.Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture);
                var magnitude = Math.Abs(value);
                // Below 1,000: four significant digits; from 1,000 up: whole numbers.
                var tolerance = value == 0 ? 0 : magnitude >= 1000 ? 0.5 : 0.5 * Math.Pow(10, Math.Floor(Math.Log10(magnitude)) - 3) * (1 + 1e-9);
                return Math.Abs(back - value) <= tolerance;
            }));
    }
}
