namespace Workbench.Notebooks.Kernel;

/// <summary>
/// A ROUTER socket that clients send requests on (shell or control). It receives and verifies messages,
/// dropping and logging what it refuses, and serves each request inside busy/idle status messages.
/// </summary>
internal sealed class RequestChannel(string name, ZmqSocket socket, WireFormat wire, MessageFactory messages, IopubChannel iopub, TextWriter log, long maxMessageBytes) : IDisposable
{
    /// <summary>
    /// Waits up to <paramref name="timeoutMilliseconds"/> for a message. False when none arrived; true with
    /// <paramref name="request"/> null when one arrived but was refused (it is logged, the kernel carries on).
    /// </summary>
    public bool TryReceive(int timeoutMilliseconds, out JupyterMessage? request)
    {
        request = null;
        var frames = socket.Receive(timeoutMilliseconds, maxMessageBytes, out var size);
        if (frames is null) return false;
        if (size > maxMessageBytes)
        {
            RefuseOversized(frames, size);
            return true;
        }
        try
        {
            request = wire.Decode(frames);
        }
        catch (MalformedMessageException e)
        {
            log.WriteLine($"[workbench kernel] {name}: dropped a message ({e.Message})");
        }
        return true;
    }

    /// <summary>
    /// Publishes busy, runs <paramref name="handle"/>, sends its reply (a handler that throws sends an error
    /// reply instead), then publishes idle: the order clients rely on to know a request is complete.
    /// </summary>
    public void Serve(JupyterMessage request, Func<JupyterMessage, Reply?> handle)
    {
        iopub.Status(request, "busy");
        try
        {
            Reply? reply;
            try
            {
                reply = handle(request);
            }
            catch (Exception e)
            {
                log.WriteLine($"[workbench kernel] {name}: {request.MsgType} failed: {e}");
                reply = Reply.Error(request.MsgType, e);
            }
            if (reply is not null) socket.Send(wire.Encode(messages.Reply(request, reply.MsgType, reply.Content)));
        }
        finally
        {
            iopub.Status(request, "idle");
        }
    }

    /// <summary>
    /// Answers an oversized request with an error reply, so a client waiting on it is told why. Its signature
    /// cannot be checked without the frames left unread, so nothing of it runs; only its routing and header
    /// are used to address the reply.
    /// </summary>
    private void RefuseOversized(List<byte[]> frames, long size)
    {
        var why = $"the message is {size:N0} bytes; this kernel accepts at most {maxMessageBytes:N0}";
        log.WriteLine($"[workbench kernel] {name}: dropped a message ({why})");
        var delimiter = frames.FindIndex(f => f.AsSpan().SequenceEqual(WireFormat.Delimiter));
        if (delimiter < 0 || delimiter + 2 >= frames.Count || frames[delimiter + 2].Length == 0) return;
        try
        {
            if (System.Text.Json.Nodes.JsonNode.Parse(frames[delimiter + 2]) is not System.Text.Json.Nodes.JsonObject header
                || header["msg_type"]?.GetValue<string>() is not { } type) return;
            var request = new JupyterMessage(frames.Take(delimiter).ToArray(), header, [], [], [], []);
            socket.Send(wire.Encode(messages.Reply(request, Reply.TypeFor(type), new System.Text.Json.Nodes.JsonObject
            {
                ["status"] = "error", ["ename"] = "MessageTooLarge", ["evalue"] = why, ["traceback"] = new System.Text.Json.Nodes.JsonArray($"MessageTooLarge: {why}"),
            })));
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            // A header that does not parse leaves no one to answer.
        }
    }

    public void Dispose() => socket.Dispose();
}
