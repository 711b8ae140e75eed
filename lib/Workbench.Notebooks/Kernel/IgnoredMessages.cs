using System.Collections.Concurrent;

namespace Workbench.Notebooks.Kernel;

/// <summary>
/// Message types this kernel does not handle (comms, debugger, usage polls) get no reply, as in ipykernel.
/// Each type is logged once: some front ends poll, and a line per poll would bury the useful log.
/// </summary>
internal sealed class IgnoredMessages(TextWriter log)
{
    private readonly ConcurrentDictionary<string, bool> logged = new();

    public Reply? Ignore(string channel, JupyterMessage request)
    {
        if (logged.TryAdd(channel + "/" + request.MsgType, true))
            log.WriteLine($"[workbench kernel] {channel}: ignoring {request.MsgType} messages (not supported)");
        return null;
    }
}
