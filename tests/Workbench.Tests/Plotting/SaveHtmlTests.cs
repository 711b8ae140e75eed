using System.Text.RegularExpressions;
using Workbench.Checkpoints;
using Workbench.Plotting;

namespace Workbench.Tests.Plotting;

/// <summary>Saved pages are standalone: plotly.js embedded, no remote reference, written atomically.</summary>
public sealed class SaveHtmlTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Page_embeds_plotly_and_references_no_remote_url()
    {
        var path = Charts.Curves("MCR <&>", "ratio", "MCR %", [("L1", [0.1, 0.5], [2.0, 8.0])]).SaveOfflineHtml(folder["fig.html"]);
        var page = File.ReadAllText(path);
        Assert.StartsWith("<!DOCTYPE html>", page);
        Assert.Contains("<title>MCR &lt;&amp;&gt;</title>", page);
        var plotly = PlotlyJs.Script;
        Assert.Contains(plotly, page);
        // plotly.js itself mentions URLs (licences, map tiles it never fetches here); everything else must name none.
        var rest = page.Replace(plotly, "");
        Assert.DoesNotMatch(new Regex("https?:|//cdn|src=|href=", RegexOptions.IgnoreCase), rest);
    }

    [Fact]
    public void Saving_replaces_the_file_and_leaves_no_temporary()
    {
        var path = folder["fig.html"];
        File.WriteAllText(path, "old");
        Charts.Bars("new", ["a"], [("s", [1.0])]).SaveOfflineHtml(path);
        Assert.Contains("<title>new</title>", File.ReadAllText(path));
        Assert.Equal(["fig.html"], folder.FileNames());
        Assert.DoesNotContain(folder.FileNames(), n => n.EndsWith(AtomicFile.TempSuffix, StringComparison.Ordinal));
    }
}
