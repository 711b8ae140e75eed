using System.Text.Json.Nodes;

namespace Workbench.Notebooks.Kernel;

/// <summary>
/// The iopub PUB socket. The shell thread, the control thread and a running cell's threads all publish,
/// so sends are serialised with a lock; after <see cref="Dispose"/> publications are silently dropped
/// (a cell's background task may outlive the kernel).
/// </summary>
internal sealed class IopubChannel(ZmqSocket socket, WireFormat wire, MessageFactory messages) : IDisposable
{
    private readonly Lock gate = new();
    private bool closed;

    public void Publish(JupyterMessage? parent, string msgType, JsonObject content)
    {
        var frames = wire.Encode(messages.Publication(parent, msgType, content));
        lock (gate)
            if (!closed) socket.Send(frames);
    }

    /// <summary>execution_state busy, idle or starting, with the request that caused it as parent.</summary>
    public void Status(JupyterMessage? parent, string state) => Publish(parent, "status", new JsonObject { ["execution_state"] = state });

    public void Dispose()
    {
        lock (gate)
        {
            closed = true;
            socket.Dispose();
        }
    }
}
