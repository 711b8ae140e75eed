using System.Text.Json.Nodes;
using Workbench.Notebooks.Kernel;

namespace Workbench.Tests.Notebooks.Kernel;

/// <summary>history_request's access types over a known history, checked against the entries written out by hand.</summary>
public sealed class KernelHistoryTests
{
    private static KernelHistory Sample()
    {
        var history = new KernelHistory();
        history.Add(1, "var a = 1;", null);
        history.Add(2, "a - 1", "0");
        history.Add(3, "var a = 1;", null);
        history.StartSession(); // an in-process restart
        history.Add(1, "ab", "x");
        history.Add(2, "a?", null);
        return history;
    }

    private static string[] Ask(KernelHistory history, JsonObject content) =>
        history.Reply(new JupyterMessage([], new JsonObject { ["msg_id"] = "h", ["msg_type"] = "history_request" }, [], [], content, []))
            .Select(e => e!.ToJsonString()).ToArray();

    [Fact]
    public void TailGivesTheLastEntriesAcrossSessions()
    {
        Assert.Equal(["[1,3,\"var a = 1;\"]", "[2,1,\"ab\"]", "[2,2,\"a?\"]"], Ask(Sample(), new() { ["hist_access_type"] = "tail", ["n"] = 3 }));
        Assert.Equal(5, Ask(Sample(), new() { ["hist_access_type"] = "tail", ["n"] = 50 }).Length);
    }

    [Fact]
    public void RangeCountsSessionsFromTheCurrentOneAndStopIsExclusive()
    {
        Assert.Equal(["[2,1,\"ab\"]"], Ask(Sample(), new() { ["hist_access_type"] = "range", ["session"] = 0, ["start"] = 1, ["stop"] = 2 }));
        Assert.Equal(["[1,2,\"a - 1\"]", "[1,3,\"var a = 1;\"]"], Ask(Sample(), new() { ["hist_access_type"] = "range", ["session"] = -1, ["start"] = 2 }));
        Assert.Equal(["[1,2,[\"a - 1\",\"0\"]]"], Ask(Sample(), new() { ["hist_access_type"] = "range", ["session"] = 1, ["start"] = 2, ["stop"] = 3, ["output"] = true }));
    }

    [Fact]
    public void SearchMatchesTheWholeInputAsAGlob()
    {
        // "a?" is a glob: any two characters starting with a; the literal "a?" matches too.
        Assert.Equal(["[2,1,\"ab\"]", "[2,2,\"a?\"]"], Ask(Sample(), new() { ["hist_access_type"] = "search", ["pattern"] = "a?" }));
        Assert.Equal(["[1,1,\"var a = 1;\"]", "[1,3,\"var a = 1;\"]"], Ask(Sample(), new() { ["hist_access_type"] = "search", ["pattern"] = "var*" }));
        // unique keeps a repeated input once, at its latest run; n keeps the last matches.
        Assert.Equal(["[1,3,\"var a = 1;\"]"], Ask(Sample(), new() { ["hist_access_type"] = "search", ["pattern"] = "var*", ["unique"] = true }));
        Assert.Equal(["[2,2,\"a?\"]"], Ask(Sample(), new() { ["hist_access_type"] = "search", ["pattern"] = "*", ["n"] = 1 }));
    }

    [Fact]
    public void AnUnknownAccessTypeGivesNothing() =>
        Assert.Empty(Ask(Sample(), new() { ["hist_access_type"] = "everything" }));
}
