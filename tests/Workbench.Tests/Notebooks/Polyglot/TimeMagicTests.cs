using System.Globalization;
using System.Text.RegularExpressions;

namespace Workbench.Tests.Notebooks.Polyglot;

/// <summary>
/// <c>#!time</c> times a cell as Polyglot did: the cell runs as without it (line numbers kept), then a
/// display reads "Wall time: Nms"; every other magic is still refused by name.
/// </summary>
[Collection(NotebookCollection.Name)]
public sealed class TimeMagicTests(SharedSession shared)
{
    private static double WallTimeMs(RecordingSink sink)
    {
        var text = (string)sink.Events.Last().Bundle!.Data["text/plain"];
        var match = Regex.Match(text, @"^Wall time: (\d+(\.\d+)?)ms$");
        Assert.True(match.Success, text);
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task ATimedCellRunsAndShowsItsWallTimeAfterItsOutputs()
    {
        var (outcome, sink) = await shared.Run("#!time\nConsole.WriteLine(\"working\");\nSystem.Threading.Thread.Sleep(300);\n40 + 2");
        Assert.Equal("42", outcome.Text());
        Assert.Equal("working\n", sink.Text());
        Assert.Equal(["stream", "display"], sink.Events.Select(e => e.Kind));
        var ms = WallTimeMs(sink);
        Assert.InRange(ms, 300, 20_000);
    }

    [Fact]
    public async Task TimeAndTheLanguageMarkerComeInEitherOrderAndKeepLineNumbers()
    {
        var (first, firstSink) = await shared.Run("#!csharp\n#!time\n1");
        Assert.Equal("1", first.Text());
        WallTimeMs(firstSink);
        var (second, secondSink) = await shared.Run("#!time\n#!csharp\nvar timedMarker = 1;\nthrow new InvalidOperationException(\"fourth\");");
        Assert.Contains(second.Error!.Traceback, line => line.Contains("line 4"));
        WallTimeMs(secondSink);
    }

    [Theory]
    [InlineData("#!time\n#!fsharp\nlet x = 1", "#!fsharp")]
    [InlineData("#!timeit\n1", "#!timeit")]
    [InlineData("#!who", "#!who")]
    public async Task OtherMagicsAreStillRefusedByName(string cell, string named)
    {
        var (outcome, sink) = await shared.Run(cell);
        Assert.Equal("NotSupported", outcome.Error!.Name);
        Assert.Contains($"'{named}' is not supported", outcome.Error.Message);
        Assert.Empty(sink.Events);
    }
}
