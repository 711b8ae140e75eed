namespace Workbench.Notebooks.Kernel;

/// <summary>The heartbeat: a REP socket echoing every ping, on its own thread so a busy cell never looks like a dead kernel.</summary>
internal sealed class Heartbeat(ZmqSocket socket) : IDisposable
{
    public void Run(Func<bool> stopping, int pollMilliseconds)
    {
        while (!stopping())
            if (socket.Receive(pollMilliseconds) is { } ping) socket.Send(ping);
    }

    public void Dispose() => socket.Dispose();
}
