using System.Text.Json.Nodes;

namespace Workbench.Notebooks.Kernel;

/// <summary>
/// shutdown_request (on control, or on shell as older clients send it): interrupts the running cell, then either
/// restarts the session in place or marks the kernel for stopping once the reply is out.
/// </summary>
internal sealed class ShutdownHandler(RunningCell running, SessionHost sessions, KernelOptions options)
{
    private volatile bool finalRequested;

    /// <summary>Set when the kernel must stop; the loop that sent the reply then stops it.</summary>
    public bool FinalRequested => finalRequested;

    public Reply Handle(JupyterMessage request)
    {
        var restart = request.Get("restart", false);
        running.Interrupt();
        if (restart && options.RestartInProcess) sessions.RequestRestart();
        else finalRequested = true;
        return new Reply("shutdown_reply", new JsonObject { ["status"] = "ok", ["restart"] = restart });
    }
}
