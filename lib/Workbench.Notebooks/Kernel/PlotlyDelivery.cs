using System.Collections.Concurrent;
using Workbench.Notebooks.Execution;
using Workbench.Plotting;

namespace Workbench.Notebooks.Kernel;

/// <summary>
/// Makes plotly.js reach every page that shows this kernel's figures. A figure's HTML draws only once
/// plotly.js is defined in the page, and plotly.js (4.8 MB) goes out embedded in one figure. Once per
/// kernel process was not enough: a reloaded page, or a second front end on the same kernel, never got it
/// and drew empty boxes. Each page talks to the kernel in a client session of its own (the session of its
/// requests' headers; a reload starts a new one), so the first figure published for each client session
/// carries plotly.js and every later one does not. A notebook saved from one page therefore holds it once;
/// one whose figures were made from several pages (before and after a reload) holds one copy per page,
/// which <c>workbench run</c> and the saved figures' scripts tolerate.
/// </summary>
internal sealed class PlotlyDelivery
{
    private readonly ConcurrentDictionary<string, bool> served = new(StringComparer.Ordinal);

    /// <summary>The bundle to publish for <paramref name="request"/>'s page: a figure with plotly.js if that page has not had it yet, without otherwise.</summary>
    public MimeBundle ForPageOf(JupyterMessage request, MimeBundle bundle)
    {
        if (bundle.Data.GetValueOrDefault("text/html") is not string html || !PlotlyHtml.IsFigure(html)) return bundle;
        var page = request.Header["session"] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var session) ? session : "";
        var fixedHtml = served.TryAdd(page, true) ? PlotlyHtml.WithEmbeddedScript(html) : PlotlyHtml.WithoutEmbeddedScript(html);
        return ReferenceEquals(fixedHtml, html) ? bundle : bundle with { Data = new Dictionary<string, object>(bundle.Data) { ["text/html"] = fixedHtml } };
    }
}
