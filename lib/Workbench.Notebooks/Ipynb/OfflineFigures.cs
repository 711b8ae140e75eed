using System.Text.Json.Nodes;
using Workbench.Plotting;

namespace Workbench.Notebooks.Ipynb;

/// <summary>
/// Makes a notebook's figures draw where no plotly renderer and no network exist (nbconvert's HTML,
/// JupyterLab without the plotly extension, GitHub's and nbviewer's static views): their HTML fallbacks
/// carry the local plotly.js exactly once, in the first figure, as <see cref="PlotlyHtml.EmbedOnce"/> arranges.
/// </summary>
internal static class OfflineFigures
{
    public static void EmbedPlotlyOnce(Notebook notebook)
    {
        var figures = notebook.Cells.Where(c => c.IsCode).SelectMany(c => c.Outputs.OfType<JsonObject>())
            .Select(output => output["data"] as JsonObject)
            .Where(data => data?["text/html"] is { } html && PlotlyHtml.IsFigure(SourceLines.Read(html)))
            .Select(data => data!).ToList();
        if (figures.Count == 0) return;
        var fixedHtml = PlotlyHtml.EmbedOnce([.. figures.Select(data => SourceLines.Read(data["text/html"]))]);
        for (int i = 0; i < figures.Count; i++) figures[i]["text/html"] = SourceLines.ToJson(fixedHtml[i]);
    }
}
