using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Workbench.Notebooks.Kernel;

/// <summary>
/// This kernel registers no comm targets (no widgets), so every comm_open names an unknown target. The spec
/// asks for an immediate comm_close on iopub then: without it the front end keeps its half of the comm open
/// and waits on it (the classic Notebook's widget extension logs version errors). A comm_open without a
/// comm_id names nothing to close and is only logged.
/// </summary>
internal sealed class CommRefusal(IopubChannel iopub, TextWriter log)
{
    private readonly ConcurrentDictionary<string, bool> logged = new();

    public Reply? Refuse(JupyterMessage request)
    {
        var target = request.Get("target_name", "");
        if (logged.TryAdd(target, true))
            log.WriteLine($"[workbench kernel] shell: no comm target '{target}' (this kernel has none); closing such comms");
        if (request.Get<string?>("comm_id", null) is { Length: > 0 } id)
            iopub.Publish(request, "comm_close", new JsonObject { ["comm_id"] = id, ["data"] = new JsonObject() });
        return null;
    }
}
