using System.Text.Json.Nodes;

namespace Workbench.Tests.Notebooks.Kernel;

/// <summary>
/// jupyter_client's other shell requests (is_complete, complete, inspect, comm_info, history, shutdown on shell),
/// and messages signed with the wrong key or not at all: dropped and logged, the kernel answering the next one.
/// </summary>
public sealed class JupyterClientRequestTests
{
    private const string Scenario = """
        def request(name, **kw):
            msg_id = getattr(c, name)(**kw)
            reply = shell_reply(msg_id)
            iopub_for(msg_id)
            return reply["content"]

        out["incomplete"] = request("is_complete", code="if (x) {")
        out["complete_code"] = request("is_complete", code="x")
        out["invalid"] = request("is_complete", code="x @@ y")
        out["complete"] = request("complete", code="print Con", cursor_pos=9)
        # cursor_pos counts code points: the emoji before the cursor is one, though two UTF-16 chars.
        out["complete_emoji"] = request("complete", code="\U0001F600 Ma", cursor_pos=4)
        out["inspect"] = request("inspect", code="Math", cursor_pos=2)
        out["inspect_unknown"] = request("inspect", code="Other", cursor_pos=2)
        out["history"] = request("history", hist_access_type="tail", n=10)
        msg_id = c.comm_info()
        out["comm_info"] = shell_reply(msg_id)["content"]

        # Forged (wrong key), unsigned and bare messages on shell are dropped; a good request is then answered.
        for key in (b"not the key", b""):
            forger = Session(key=key, signature_scheme="hmac-sha256")
            forger.send(c.shell_channel.socket, forger.msg("execute_request", {"code": "print forged", "silent": False}))
        parts = [b"{", b"{}", b"{}", b"{}"]
        c.shell_channel.socket.send_multipart([b"<IDS|MSG>", c.session.sign(parts)] + parts)
        msg_id = c.kernel_info()
        out["after_forgery"] = shell_reply(msg_id)
        out["forged_output"] = [m for m in iopub_for(msg_id) if m["type"] != "status"]

        msg = c.session.msg("shutdown_request", {"restart": False})
        c.shell_channel.send(msg)
        out["shutdown"] = shell_reply(msg["header"]["msg_id"])
        """;

    private static string Text(JsonNode? node) => node!.GetValue<string>();

    [Fact]
    public void ShellRequestsAreAnsweredAndForgeriesDropped()
    {
        using var kernel = new TestKernel();
        var result = JsonNode.Parse(kernel.RunClient(Scenario))!;

        Assert.Equal("incomplete", Text(result["incomplete"]!["status"]));
        Assert.Equal("", Text(result["incomplete"]!["indent"]));
        Assert.Equal("complete", Text(result["complete_code"]!["status"]));
        Assert.Equal("invalid", Text(result["invalid"]!["status"]));

        var complete = result["complete"]!;
        Assert.Equal("ok", Text(complete["status"]));
        Assert.Equal(["Console", "Convert"], complete["matches"]!.AsArray().Select(Text));
        Assert.Equal((6, 9), (complete["cursor_start"]!.GetValue<int>(), complete["cursor_end"]!.GetValue<int>()));
        Assert.Empty(complete["metadata"]!.AsObject());
        var emoji = result["complete_emoji"]!;
        Assert.Equal(["Math"], emoji["matches"]!.AsArray().Select(Text));
        Assert.Equal((2, 4), (emoji["cursor_start"]!.GetValue<int>(), emoji["cursor_end"]!.GetValue<int>()));

        // The session's documentation, as text/plain; code points map to the session's UTF-16 cursor as for completion.
        Assert.True(result["inspect"]!["found"]!.GetValue<bool>());
        Assert.Equal("static class System.Math\n\nFake documentation of Math.", Text(result["inspect"]!["data"]!["text/plain"]));
        Assert.False(result["inspect_unknown"]!["found"]!.GetValue<bool>());
        Assert.Empty(result["inspect_unknown"]!["data"]!.AsObject());
        Assert.Equal("ok", Text(result["inspect"]!["status"]));
        Assert.Empty(result["history"]!["history"]!.AsArray());
        Assert.Empty(result["comm_info"]!["comms"]!.AsObject());

        Assert.Equal("kernel_info_reply", Text(result["after_forgery"]!["type"]));
        Assert.Empty(result["forged_output"]!.AsArray());
        Assert.Equal(0, kernel.Sessions.Single().ExecutionCount);
        var log = kernel.Log.ToString();
        Assert.Contains("shell: dropped a message (bad signature)", log);
        Assert.Contains("shell: dropped a message (missing signature)", log);
        Assert.Contains("shell: dropped a message (header is not valid JSON", log);

        Assert.Equal("shutdown_reply", Text(result["shutdown"]!["type"]));
        Assert.False(result["shutdown"]!["content"]!["restart"]!.GetValue<bool>());
        kernel.AssertShutdownRequested();
    }
}
