using System.Text.Json.Nodes;

namespace Workbench.Notebooks.Kernel;

/// <summary>
/// The stdin ROUTER socket: a cell that asks for input sends input_request to the front end that sent the
/// execute_request (jupyter_client gives its shell and stdin sockets the same identity, so the request's
/// routing identities address it) and waits for its input_reply. Only the cell's threads ask, one at a
/// time under the lock; the wait ends early when the cell is interrupted or the kernel closes.
/// </summary>
internal sealed class StdinChannel(ZmqSocket socket, WireFormat wire, MessageFactory messages, TextWriter log) : IDisposable
{
    private const int PollMilliseconds = 100;
    private readonly Lock gate = new();
    private bool closed;

    public string Ask(JupyterMessage executeRequest, string prompt, bool password, CancellationToken interrupt)
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(closed, this);
            // A reply left over from a question that was interrupted must not answer this one.
            while (socket.Receive(0) is not null) { }
            socket.Send(wire.Encode(messages.Reply(executeRequest, "input_request", new JsonObject { ["prompt"] = prompt, ["password"] = password })));
            while (true)
            {
                interrupt.ThrowIfCancellationRequested();
                if (socket.Receive(PollMilliseconds) is not { } frames) continue;
                JupyterMessage reply;
                try
                {
                    reply = wire.Decode(frames);
                }
                catch (MalformedMessageException e)
                {
                    log.WriteLine($"[workbench kernel] stdin: dropped a message ({e.Message})");
                    continue;
                }
                // jupyter_client sends input_reply without a parent header, so the type is all there is to match.
                if (reply.MsgType != "input_reply")
                {
                    log.WriteLine($"[workbench kernel] stdin: ignoring a {reply.MsgType} while waiting for input_reply");
                    continue;
                }
                return reply.Get("value", "");
            }
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            closed = true;
            socket.Dispose();
        }
    }
}
