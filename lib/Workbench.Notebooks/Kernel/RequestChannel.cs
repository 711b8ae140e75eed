namespace Workbench.Notebooks.Kernel;

/// <summary>
/// A ROUTER socket that clients send requests on (shell or control). It receives and verifies messages,
/// dropping and logging what it refuses, and serves each request inside busy/idle status messages.
/// </summary>
internal sealed class RequestChannel(string name, ZmqSocket socket, WireFormat wire, MessageFactory messages, IopubChannel iopub, TextWriter log) : IDisposable
{
    /// <summary>
    /// Waits up to <paramref name="timeoutMilliseconds"/> for a message. False when none arrived; true with
    /// <paramref name="request"/> null when one arrived but was refused (it is logged, the kernel carries on).
    /// </summary>
    public bool TryReceive(int timeoutMilliseconds, out JupyterMessage? request)
    {
        request = null;
        var frames = socket.Receive(timeoutMilliseconds);
        if (frames is null) return false;
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

    public void Dispose() => socket.Dispose();
}
