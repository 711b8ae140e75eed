namespace Workbench.Tests.Notebooks.Polyglot;

/// <summary>
/// Polyglot's <c>x.Display()</c> on any object, in cells written as Polyglot users write them: a display_data
/// with the workbench's formatting, and a handle whose <c>Update</c> replaces that same display.
/// </summary>
[Collection(NotebookCollection.Name)]
public sealed class PolyglotDisplayTests(SharedSession shared)
{
    [Fact]
    public async Task DisplayShowsAnyValueAndUpdateReplacesTheSameDisplay()
    {
        var (outcome, sink) = await shared.Run("""
            record Epoch(int Number, double Loss);
            var shown = new[] { new Epoch(1, 0.51234) }.Display();
            shown.Update(new[] { new Epoch(1, 0.51234), new Epoch(2, 0.3) });
            "done".Display();
            """);
        outcome.AssertOk();
        // Before: Display() printed the value's text on stdout.
        Assert.Equal("", sink.Text());
        var events = sink.Events;
        Assert.Equal(["display", "update", "display"], events.Select(e => e.Kind));
        Assert.Equal(events[0].Name, events[1].Name);
        Assert.NotEqual(events[0].Name, events[2].Name);
        // The workbench's own table, rounded as the tables are: one row, then two.
        var first = (string)events[0].Bundle!.Data["text/html"];
        Assert.Contains(">0.5123<", first);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(first, "<tr><td"));
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches((string)events[1].Bundle!.Data["text/html"], "<tr><td").Count);
        Assert.Equal("done", events[2].Bundle!.Data["text/plain"]);
    }

    [Fact]
    public async Task DisplayAsTheLastLineShowsOnceAndLeavesNoResult()
    {
        var (outcome, sink) = await shared.Run("42.Display()");
        outcome.AssertOk();
        Assert.Null(outcome.Result);
        Assert.Equal("42", Assert.Single(sink.Events).Bundle!.Data["text/plain"]);
    }

    [Fact]
    public async Task DisplayWithMimeTypesShowsThoseTypes()
    {
        var (outcome, sink) = await shared.Run("""
            "<b>bold</b>".DisplayAs("text/html");
            3.5.Display("text/plain");
            """);
        outcome.AssertOk();
        var events = sink.Events;
        Assert.Equal(new Dictionary<string, object> { ["text/html"] = "<b>bold</b>" }, events[0].Bundle!.Data);
        Assert.Equal(new Dictionary<string, object> { ["text/plain"] = "3.5" }, events[1].Bundle!.Data);
    }

    [Fact]
    public async Task AChartDisplaysAsAChartNotAsTextOnStdout()
    {
        var (outcome, sink) = await shared.Run("""
            Chart.Line<double, double, string>(new[] { 1.0, 2.0 }, new[] { 3.0, 4.0 }).Display();
            """);
        outcome.AssertOk();
        Assert.Equal("", sink.Text());
        Assert.Contains("application/vnd.plotly.v1+json", Assert.Single(sink.Events).Bundle!.Data.Keys);
    }
}
