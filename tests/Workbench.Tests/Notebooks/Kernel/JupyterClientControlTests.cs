using System.Text.Json.Nodes;

namespace Workbench.Tests.Notebooks.Kernel;

/// <summary>
/// The control channel, served while a cell runs: interrupt_request stops a looping cell, shutdown with
/// restart gives a fresh session, and a final shutdown ends the kernel.
/// </summary>
public sealed class JupyterClientControlTests
{
    private const string Scenario = """
        out["before"] = run("session")
        loop_id = c.execute("loop")
        # Wait until the cell is really running (it prints first), then interrupt it from control.
        while True:
            m = c.get_iopub_msg(timeout=TIMEOUT)
            if m["msg_type"] == "stream" and m["parent_header"].get("msg_id") == loop_id:
                break
        out["interrupt"] = control("interrupt_request", {})
        out["interrupted"] = shell_reply(loop_id)
        out["restart"] = control("shutdown_request", {"restart": True})
        out["after_restart"] = run("session")
        out["control_info"] = control("kernel_info_request", {})
        out["shutdown"] = control("shutdown_request", {"restart": False})
        """;

    private static string Text(JsonNode? node) => node!.GetValue<string>();

    private static string[] States(JsonNode reply) =>
        reply["iopub"]!.AsArray().Select(m => Text(m!["content"]!["execution_state"])).ToArray();

    [Fact]
    public void InterruptRestartAndShutdownGoThroughControl()
    {
        using var kernel = new TestKernel();
        var result = JsonNode.Parse(kernel.RunClient(Scenario))!;

        var interrupt = result["interrupt"]!;
        Assert.Equal("interrupt_reply", Text(interrupt["type"]));
        Assert.Equal("ok", Text(interrupt["content"]!["status"]));
        Assert.Equal(["busy", "idle"], States(interrupt));
        var interrupted = result["interrupted"]!["content"]!;
        Assert.Equal(("error", "OperationCanceledException"), (Text(interrupted["status"]), Text(interrupted["ename"])));

        var restart = result["restart"]!;
        Assert.Equal("shutdown_reply", Text(restart["type"]));
        Assert.True(restart["content"]!["restart"]!.GetValue<bool>());
        Assert.Equal(["busy", "idle"], States(restart));
        var before = Text(result["before"]!["iopub"]!.AsArray().Single(m => Text(m!["type"]) == "execute_result")!["content"]!["data"]!["text/plain"]);
        var after = Text(result["after_restart"]!["iopub"]!.AsArray().Single(m => Text(m!["type"]) == "execute_result")!["content"]!["data"]!["text/plain"]);
        Assert.NotEqual(before, after);
        // The fresh session counts from 1 again; the old one was disposed.
        Assert.Equal(1, result["after_restart"]!["reply"]!["content"]!["execution_count"]!.GetValue<int>());
        var sessions = kernel.Sessions.ToArray();
        Assert.Equal(2, sessions.Length);
        Assert.True(sessions[0].Disposed);

        Assert.Equal("5.3", Text(result["control_info"]!["content"]!["protocol_version"]));
        Assert.Equal("shutdown_reply", Text(result["shutdown"]!["type"]));
        kernel.AssertShutdownRequested();
    }
}
