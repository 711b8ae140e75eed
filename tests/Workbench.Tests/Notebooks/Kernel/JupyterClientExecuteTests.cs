using System.Text.Json.Nodes;

namespace Workbench.Tests.Notebooks.Kernel;

/// <summary>
/// jupyter_client's BlockingKernelClient runs cells on the in-process kernel: replies, the iopub messages
/// around them (busy, execute_input, outputs, result or error, idle) and the stop_on_error queue abort.
/// </summary>
public sealed class JupyterClientExecuteTests
{
    private const string Scenario = """
        out["info"] = c.kernel_info(reply=True, timeout=TIMEOUT)["content"]
        out["outputs"] = run("print hello\nstderr warn\nvalue 42")
        out["display"] = run("display d1 first\nupdate d1 second")
        out["error"] = run("fail boom")
        out["throws"] = run("throw kaput")
        out["silent"] = run("print quiet\nvalue 1\nfail hidden", silent=True)
        # Three cells queued at once: the first fails after a while, the other two wait behind it.
        ids = [c.execute("sleep 300\nfail first"), c.execute("print never"), c.execute("print never again")]
        out["queued"] = [shell_reply(i) for i in ids]
        out["queued_iopub"] = [iopub_for(i) for i in ids]
        out["after_abort"] = run("print after")
        ids = [c.execute("sleep 300\nfail tolerated", stop_on_error=False), c.execute("print still runs")]
        out["no_stop"] = [shell_reply(i) for i in ids]
        """;

    private static JsonNode Run()
    {
        using var kernel = new TestKernel();
        var json = JsonNode.Parse(kernel.RunClient(Scenario))!;
        Assert.DoesNotContain("dropped", kernel.Log.ToString());
        return json;
    }

    private static readonly Lazy<JsonNode> Result = new(Run);

    private static string[] Types(JsonNode run) =>
        run["iopub"]!.AsArray().Select(m => m!["type"]!.GetValue<string>() is var t && t == "status" ? "status:" + m["content"]!["execution_state"] : t).ToArray();

    private static string Text(JsonNode? node) => node!.GetValue<string>();

    [Fact]
    public void KernelInfoDescribesTheCSharpKernel()
    {
        var info = Result.Value["info"]!;
        Assert.Equal("ok", Text(info["status"]));
        Assert.Equal("5.3", Text(info["protocol_version"]));
        Assert.Equal("workbench", Text(info["implementation"]));
        var language = info["language_info"]!;
        Assert.Equal("csharp", Text(language["name"]));
        Assert.Equal("text/x-csharp", Text(language["mimetype"]));
        Assert.Equal(".cs", Text(language["file_extension"]));
        Assert.Equal("csharp", Text(language["pygments_lexer"]));
        Assert.Equal("text/x-csharp", Text(language["codemirror_mode"]));
        Assert.False(string.IsNullOrEmpty(Text(info["banner"])));
    }

    [Fact]
    public void ACellPublishesBusyInputStreamsResultIdle()
    {
        var run = Result.Value["outputs"]!;
        Assert.Equal(["status:busy", "execute_input", "stream", "stream", "execute_result", "status:idle"], Types(run));
        var iopub = run["iopub"]!.AsArray();
        Assert.Equal("print hello\nstderr warn\nvalue 42", Text(iopub[1]!["content"]!["code"]));
        Assert.Equal(1, iopub[1]!["content"]!["execution_count"]!.GetValue<int>());
        Assert.Equal(("stdout", "hello\n"), (Text(iopub[2]!["content"]!["name"]), Text(iopub[2]!["content"]!["text"])));
        Assert.Equal(("stderr", "warn\n"), (Text(iopub[3]!["content"]!["name"]), Text(iopub[3]!["content"]!["text"])));
        Assert.Equal("42", Text(iopub[4]!["content"]!["data"]!["text/plain"]));
        Assert.Equal(1, iopub[4]!["content"]!["execution_count"]!.GetValue<int>());

        var reply = run["reply"]!;
        Assert.Equal("execute_reply", Text(reply["type"]));
        Assert.Equal("ok", Text(reply["content"]!["status"]));
        Assert.Equal(1, reply["content"]!["execution_count"]!.GetValue<int>());
        Assert.Empty(reply["content"]!["payload"]!.AsArray());
        Assert.Empty(reply["content"]!["user_expressions"]!.AsObject());
    }

    [Fact]
    public void DisplaysCarryTheirIdAndUpdatesReplaceThem()
    {
        var run = Result.Value["display"]!;
        Assert.Equal(["status:busy", "execute_input", "display_data", "update_display_data", "status:idle"], Types(run));
        var display = run["iopub"]![2]!["content"]!;
        Assert.Equal("first", Text(display["data"]!["text/plain"]));
        Assert.Equal("<b>first</b>", Text(display["data"]!["text/html"]));
        Assert.Equal("first", Text(display["data"]!["application/json"]!["text"]));
        Assert.False(display["metadata"]!["text/html"]!["isolated"]!.GetValue<bool>());
        Assert.Equal("d1", Text(display["transient"]!["display_id"]));
        var update = run["iopub"]![3]!["content"]!;
        Assert.Equal("second", Text(update["data"]!["text/plain"]));
        Assert.Equal("d1", Text(update["transient"]!["display_id"]));
    }

    [Fact]
    public void AFailedCellPublishesAnErrorAndRepliesError()
    {
        var run = Result.Value["error"]!;
        Assert.Equal(["status:busy", "execute_input", "error", "status:idle"], Types(run));
        var error = run["iopub"]![2]!["content"]!;
        Assert.Equal(("FakeError", "boom"), (Text(error["ename"]), Text(error["evalue"])));
        Assert.Equal(["FakeError: boom", "  at line 1"], error["traceback"]!.AsArray().Select(Text));
        var reply = run["reply"]!["content"]!;
        Assert.Equal(("error", "FakeError", "boom"), (Text(reply["status"]), Text(reply["ename"]), Text(reply["evalue"])));
        Assert.Equal(3, reply["execution_count"]!.GetValue<int>());
    }

    [Fact]
    public void ASessionThatThrowsGivesAnErrorNotADeadKernel()
    {
        var run = Result.Value["throws"]!;
        Assert.Equal("InvalidOperationException", Text(run["reply"]!["content"]!["ename"]));
        Assert.Equal("kaput", Text(run["reply"]!["content"]!["evalue"]));
        Assert.Contains("error", Types(run));
        // The kernel went on to serve every later request.
        Assert.Equal("ok", Text(Result.Value["after_abort"]!["reply"]!["content"]!["status"]));
    }

    [Fact]
    public void ASilentCellPublishesOnlyItsStatus()
    {
        var run = Result.Value["silent"]!;
        Assert.Equal(["status:busy", "status:idle"], Types(run));
        Assert.Equal("error", Text(run["reply"]!["content"]!["status"]));
    }

    [Fact]
    public void AnErrorAbortsTheQueuedCellsThenTheKernelRunsAgain()
    {
        var replies = Result.Value["queued"]!.AsArray().Select(r => Text(r!["content"]!["status"])).ToArray();
        Assert.Equal(["error", "aborted", "aborted"], replies);
        // Aborted requests still get busy and idle, and nothing ran: no execute_input, no stream.
        Assert.Equal(["status:busy", "status:idle"], Types(new JsonObject { ["iopub"] = Result.Value["queued_iopub"]![1]!.DeepClone() }));
        var after = Result.Value["after_abort"]!;
        Assert.Equal("ok", Text(after["reply"]!["content"]!["status"]));
        Assert.Contains("after\n", after["iopub"]!.AsArray().Select(m => m!["content"]!["text"]?.GetValue<string>()));
    }

    [Fact]
    public void WithoutStopOnErrorTheQueueRuns()
    {
        var replies = Result.Value["no_stop"]!.AsArray().Select(r => Text(r!["content"]!["status"])).ToArray();
        Assert.Equal(["error", "ok"], replies);
    }
}
