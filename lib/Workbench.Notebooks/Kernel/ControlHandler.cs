using System.Text.Json.Nodes;

namespace Workbench.Notebooks.Kernel;

/// <summary>The control channel's requests, on their own thread so they are served while a cell runs.</summary>
internal sealed class ControlHandler(RunningCell running, ShutdownHandler shutdown, IgnoredMessages ignored, KernelOptions options)
{
    public Reply? Handle(JupyterMessage request)
    {
        switch (request.MsgType)
        {
            case "interrupt_request":
                // Cancels the running cell's token; the session triggers the ambient Interrupt and the cell ends in an error.
                running.Interrupt();
                return new("interrupt_reply", new JsonObject { ["status"] = "ok" });
            case "shutdown_request": return shutdown.Handle(request);
            case "kernel_info_request": return new("kernel_info_reply", KernelInfo.Content(options));
            default: return ignored.Ignore("control", request);
        }
    }
}
