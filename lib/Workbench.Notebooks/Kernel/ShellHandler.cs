using System.Text.Json.Nodes;
using Workbench.Notebooks.Execution;

namespace Workbench.Notebooks.Kernel;

/// <summary>The shell channel's requests, handled one at a time on the shell thread, in the order they arrive.</summary>
internal sealed class ShellHandler(SessionHost sessions, CellRunner cells, ShutdownHandler shutdown, CommRefusal comms, IgnoredMessages ignored, KernelOptions options,
    Func<IReadOnlyList<JupyterMessage>> takeQueued)
{
    private readonly List<JupyterMessage> queuedAtError = [];

    /// <summary>
    /// The requests that were waiting when a cell failed with stop_on_error, taken off the socket before the
    /// failure's reply went out: exactly those the client sent before it could know of the failure. The shell
    /// loop serves them next with <see cref="HandleAfterError"/>; a request sent after the reply runs as usual.
    /// </summary>
    public IReadOnlyList<JupyterMessage> TakeQueuedAtError()
    {
        var taken = queuedAtError.ToList();
        queuedAtError.Clear();
        return taken;
    }

    /// <summary>As ipykernel does: queued execute requests are answered "aborted"; other requests are served.</summary>
    public Reply? HandleAfterError(JupyterMessage request) =>
        request.MsgType == "execute_request" ? CellRunner.Aborted() : Handle(request);

    public Reply? Handle(JupyterMessage request)
    {
        switch (request.MsgType)
        {
            case "kernel_info_request": return new("kernel_info_reply", KernelInfo.Content(options));
            case "execute_request":
                var reply = cells.Execute(sessions.Current, sessions.History, request, out var abort);
                if (abort) queuedAtError.AddRange(takeQueued());
                return reply;
            case "is_complete_request": return IsComplete(sessions.Current, request);
            case "complete_request": return Complete(sessions.Current, request);
            case "inspect_request": return Inspect(sessions.Current, request);
            // This kernel keeps no comms: every one opened is closed at once.
            case "comm_info_request": return Ok("comm_info_reply", ("comms", new JsonObject()));
            case "comm_open": return comms.Refuse(request);
            case "history_request": return Ok("history_reply", ("history", sessions.History.Reply(request)));
            case "shutdown_request": return shutdown.Handle(request);
            default: return ignored.Ignore("shell", request);
        }
    }

    private static Reply IsComplete(ICodeSession session, JupyterMessage request)
    {
        var status = session.IsCompleteAsync(request.Get("code", "")).GetAwaiter().GetResult() switch
        {
            CodeCompleteness.Complete => "complete",
            CodeCompleteness.Incomplete => "incomplete",
            _ => "invalid",
        };
        var reply = Ok("is_complete_reply", ("status", status));
        if (status == "incomplete") reply.Content["indent"] = "";
        return reply;
    }

    private static Reply Complete(ICodeSession session, JupyterMessage request)
    {
        var code = request.Get("code", "");
        var cursor = request.Get("cursor_pos", CodePoints.FromUtf16Index(code, code.Length));
        var completion = session.CompleteAsync(code, CodePoints.ToUtf16Index(code, cursor)).GetAwaiter().GetResult();
        return Ok("complete_reply",
            ("matches", new JsonArray(completion.Matches.Select(m => (JsonNode?)m).ToArray())),
            ("cursor_start", CodePoints.FromUtf16Index(code, completion.CursorStart)),
            ("cursor_end", CodePoints.FromUtf16Index(code, completion.CursorEnd)),
            ("metadata", new JsonObject()));
    }

    private static Reply Inspect(ICodeSession session, JupyterMessage request)
    {
        var code = request.Get("code", "");
        var cursor = request.Get("cursor_pos", CodePoints.FromUtf16Index(code, code.Length));
        var text = session.InspectAsync(code, CodePoints.ToUtf16Index(code, cursor)).GetAwaiter().GetResult();
        var data = text is null ? new JsonObject() : new JsonObject { ["text/plain"] = text };
        return Ok("inspect_reply", ("found", text is not null), ("data", data), ("metadata", new JsonObject()));
    }

    private static Reply Ok(string type, params (string Name, JsonNode? Value)[] fields)
    {
        var content = new JsonObject { ["status"] = "ok" };
        foreach (var (name, value) in fields) content[name] = value;
        return new Reply(type, content);
    }
}
