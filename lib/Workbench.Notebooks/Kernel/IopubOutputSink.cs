using System.Text.Json.Nodes;
using Workbench.Notebooks.Execution;

namespace Workbench.Notebooks.Kernel;

/// <summary>
/// Where a running cell's outputs go in the kernel: stream, display_data and update_display_data on
/// iopub, parented to the execute_request. A silent request publishes nothing, as the spec asks. Input is
/// asked for with <paramref name="askInput"/> (the stdin channel), null when the request said allow_stdin false.
/// </summary>
internal sealed class IopubOutputSink(IopubChannel iopub, JupyterMessage request, bool silent, PlotlyDelivery plotly, Func<string, bool, string>? askInput = null) : IOutputSink
{
    public string ReadInput(string prompt, bool password) => askInput is not null
        ? askInput(prompt, password)
        : throw new StdinNotImplementedException("the cell asked for input (Console.ReadLine or Kernel.GetInputAsync), but this front end does not accept input requests (its execute_request said allow_stdin=false)");

    public void Stream(string name, string text)
    {
        if (silent || text.Length == 0) return;
        iopub.Publish(request, "stream", new JsonObject { ["name"] = name, ["text"] = text });
    }

    public void Display(MimeBundle bundle, string? displayId)
    {
        if (silent) return;
        iopub.Publish(request, "display_data", Content(plotly.ForPageOf(request, bundle), displayId));
    }

    public void UpdateDisplay(MimeBundle bundle, string displayId)
    {
        if (silent) return;
        iopub.Publish(request, "update_display_data", Content(plotly.ForPageOf(request, bundle), displayId));
    }

    // The display id travels in "transient": it is not saved in the notebook, it only links updates to the output.
    private static JsonObject Content(MimeBundle bundle, string? displayId)
    {
        var content = new JsonObject { ["data"] = MimeBundleJson.Data(bundle), ["metadata"] = MimeBundleJson.Metadata(bundle) };
        content["transient"] = displayId is null ? new JsonObject() : new JsonObject { ["display_id"] = displayId };
        return content;
    }
}
