using System.Text.Json.Nodes;
using Workbench.Notebooks.Execution;

namespace Workbench.Notebooks.Kernel;

/// <summary>
/// Where a running cell's outputs go in the kernel: stream, display_data and update_display_data on
/// iopub, parented to the execute_request. A silent request publishes nothing, as the spec asks.
/// </summary>
internal sealed class IopubOutputSink(IopubChannel iopub, JupyterMessage request, bool silent) : IOutputSink
{
    public void Stream(string name, string text)
    {
        if (silent || text.Length == 0) return;
        iopub.Publish(request, "stream", new JsonObject { ["name"] = name, ["text"] = text });
    }

    public void Display(MimeBundle bundle, string? displayId)
    {
        if (silent) return;
        iopub.Publish(request, "display_data", Content(bundle, displayId));
    }

    public void UpdateDisplay(MimeBundle bundle, string displayId)
    {
        if (silent) return;
        iopub.Publish(request, "update_display_data", Content(bundle, displayId));
    }

    // The display id travels in "transient": it is not saved in the notebook, it only links updates to the output.
    private static JsonObject Content(MimeBundle bundle, string? displayId)
    {
        var content = new JsonObject { ["data"] = MimeBundleJson.Data(bundle), ["metadata"] = MimeBundleJson.Metadata(bundle) };
        content["transient"] = displayId is null ? new JsonObject() : new JsonObject { ["display_id"] = displayId };
        return content;
    }
}
