using System.Text;
using Plotly.NET;
using Workbench.Checkpoints;

namespace Workbench.Plotting;

/// <summary>Saves a chart as a standalone page that embeds the local plotly.js, so it opens with no network.</summary>
public static class ChartFile
{
    /// <summary>
    /// Writes the page atomically and returns its full path. Plotly.NET's own SaveHtml loads plotly.js from a
    /// CDN, so its pages stay blank offline; this one references no remote URL.
    /// </summary>
    public static string SaveOfflineHtml(this GenericChart chart, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        // Build the page first: a missing plotly.js must fail before anything is written.
        var figure = ChartDisplay.FigureJson(chart);
        var page = PlotlyHtml.Page(figure, ChartDisplay.TitleOf(figure["layout"]?["title"]) ?? "Chart");
        var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(page);
        AtomicFile.Write(path, stream => stream.Write(bytes));
        return Path.GetFullPath(path);
    }
}
