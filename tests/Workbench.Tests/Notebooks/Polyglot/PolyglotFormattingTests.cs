namespace Workbench.Tests.Notebooks.Polyglot;

/// <summary>
/// Polyglot's formatting API in cells: <c>using Microsoft.DotNet.Interactive.Formatting;</c> compiles, what
/// <c>Formatter.Register</c> and <c>SetPreferredMimeTypesFor</c> say is what shows until <c>ResetToDefault</c>,
/// and PocketView, <c>HTML</c>, <c>Javascript</c>, <c>LaTeXString</c>, <c>MathString</c> and <c>DisplayTable</c>
/// give the MIME types and HTML Polyglot gave.
/// </summary>
[Collection(NotebookCollection.Name)]
public sealed class PolyglotFormattingTests(SharedSession shared)
{
    [Fact]
    public async Task ARegisteredFormatterShowsUntilResetToDefault()
    {
        try
        {
            (await shared.Run("""
                using Microsoft.DotNet.Interactive.Formatting;
                record Price(decimal Amount);
                Formatter.Register<Price>(p => $"<b>€{p.Amount}</b>", "text/html");
                Formatter.Register<Price>((p, writer) => writer.Write($"EUR {p.Amount}"), "text/plain");
                """)).Outcome.AssertOk();
            var shown = (await shared.Run("new Price(5)")).Outcome.Result!.Data;
            Assert.Equal("<b>€5</b>", shown["text/html"]);
            Assert.Equal("EUR 5", shown["text/plain"]);
            var displayed = (await shared.Run("new Price(6).Display();")).Sink.Events.Single().Bundle!.Data;
            Assert.Equal("<b>€6</b>", displayed["text/html"]);

            (await shared.Run("Formatter.ResetToDefault();")).Outcome.AssertOk();
            Assert.Equal(new Dictionary<string, object> { ["text/plain"] = "Price { Amount = 7 }" }, (await shared.Run("new Price(7)")).Outcome.Result!.Data);
        }
        finally
        {
            Microsoft.DotNet.Interactive.Formatting.Formatter.ResetToDefault();
        }
    }

    [Fact]
    public async Task PreferredMimeTypesChooseWhatShows()
    {
        try
        {
            (await shared.Run("""
                class Gauge { public double Level { get; set; } = 0.25; public override string ToString() => $"level {Level}"; }
                Formatter.SetPreferredMimeTypesFor(typeof(Gauge), "text/plain");
                """)).Outcome.AssertOk();
            Assert.Equal(["text/plain"], (await shared.Run("new Gauge()")).Outcome.Result!.Data.Keys);
        }
        finally
        {
            Microsoft.DotNet.Interactive.Formatting.Formatter.ResetToDefault();
        }
    }

    [Fact]
    public async Task PocketViewTagsWriteTheHtmlPolyglotWrote()
    {
        // A session of its own: a shared session's earlier cells may have variables named a, b, i or p, which hide the tags.
        using var session = new Workbench.Notebooks.Execution.CSharpSession();
        var outcome = await session.ExecuteAsync("""
            div[style: "color:darkred"](
                h1("Pruning"), h2("run"), h3("notes"),
                p(b("bold"), " ", i("italic"), span[@class: "x"]("1 < 2")),
                ul(li("one"), li(a[href: "https://example.org"]("two"))),
                table(tr(th("MCR")), tr(td(7.5))),
                img[src: "curve.png", width: 100])
            """, new RecordingSink(), TestContext.Current.CancellationToken);
        outcome.AssertOk();
        var result = outcome.Result!;
        Assert.Equal(["text/html"], result.Data.Keys);
        var html = (string)result.Data["text/html"];
        Assert.StartsWith("<div style=\"color:darkred\"><h1>Pruning</h1><h2>run</h2><h3>notes</h3><p><b>bold</b> <i>italic</i><span class=\"x\">1 &lt; 2</span></p>"
            + "<ul><li>one</li><li><a href=\"https://example.org\">two</a></li></ul><table><tr><th>MCR</th></tr><tr><td>", html);
        Assert.Contains("<img src=\"curve.png\" width=\"100\"></img></div>", html);
    }

    [Fact]
    public async Task HtmlJavascriptAndLatexHaveTheirMimeTypes()
    {
        Assert.Equal(new Dictionary<string, object> { ["text/html"] = "<b>x</b>" }, (await shared.Run("HTML(\"<b>x</b>\")")).Outcome.Result!.Data);
        var script = (await shared.Run("Javascript(\"console.log(1)\");")).Sink.Events.Single().Bundle!.Data;
        Assert.Equal(new Dictionary<string, object> { ["text/html"] = "<script type=\"text/javascript\">console.log(1)</script>" }, script);
        Assert.Equal(new Dictionary<string, object> { ["text/latex"] = @"\frac{1}{2}" }, (await shared.Run(@"new LaTeXString(@""\frac{1}{2}"")")).Outcome.Result!.Data);
        Assert.Equal(new Dictionary<string, object> { ["text/latex"] = @"$$e^{i\pi} + 1 = 0$$" }, (await shared.Run(@"new MathString(@""e^{i\pi} + 1 = 0"")")).Outcome.Result!.Data);
    }

    [Fact]
    public async Task DisplayTableShowsAnHtmlTableOfTheRecords()
    {
        var (outcome, sink) = await shared.Run("""
            record Layer(string Name, int Filters);
            new[] { new Layer("conv1", 16), new Layer("conv2", 32) }.DisplayTable();
            """);
        outcome.AssertOk();
        var html = (string)Assert.Single(sink.Events).Bundle!.Data["text/html"];
        Assert.Contains("<table>", html);
        foreach (var cell in new[] { "Name", "Filters", "conv1", "conv2", "16", "32" }) Assert.Contains(cell, html);
    }

    [Fact]
    public async Task TagNamesDoNotHideTheCellsOwnVariables()
    {
        // PocketView's tags a, b, i, p are in scope in every cell; a cell's variables of those names still win.
        // A session of its own: in the shared one they would hide the tags from the other tests' cells.
        using var session = new Workbench.Notebooks.Execution.CSharpSession();
        var sink = new RecordingSink();
        (await session.ExecuteAsync("var a = 2; var p = 3.5; int i = 4;", sink, TestContext.Current.CancellationToken)).AssertOk();
        Assert.Equal("9.5", (await session.ExecuteAsync("a + p + i", sink, TestContext.Current.CancellationToken)).Text());
    }
}
