using System.Text.Json;
using Workbench.Plotting;

namespace Workbench.Tests.Plotting;

/// <summary>The local plotly.js is found in the repository, can be overridden, and a missing one says how to fix it.</summary>
public sealed class PlotlyJsLocationTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void The_repository_copy_is_found_from_the_test_assembly()
    {
        var path = PlotlyJs.Locate(null, [AppContext.BaseDirectory]);
        Assert.EndsWith(PlotlyJs.RepositoryPath, path.Replace('\\', '/'));
        Assert.StartsWith("/**\n* plotly.js v" + PlotlyJs.Version, PlotlyJs.Script);
    }

    [Fact]
    public void Pinned_and_installed_versions_agree()
    {
        var js = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(PlotlyJs.Locate(null, [AppContext.BaseDirectory]))))!;
        using var pinned = JsonDocument.Parse(File.ReadAllText(Path.Combine(js, "package.json")));
        Assert.Equal(PlotlyJs.Version, pinned.RootElement.GetProperty("dependencies").GetProperty("plotly.js-dist-min").GetString());
        using var installed = JsonDocument.Parse(File.ReadAllText(Path.Combine(js, "node_modules", "plotly.js-dist-min", "package.json")));
        Assert.Equal(PlotlyJs.Version, installed.RootElement.GetProperty("version").GetString());
    }

    [Fact]
    public void The_override_wins_and_must_exist()
    {
        var custom = folder.Write("custom/plotly.js", [1]);
        Assert.Equal(custom, PlotlyJs.Locate(custom, [AppContext.BaseDirectory]));
        var e = Assert.Throws<FileNotFoundException>(() => PlotlyJs.Locate(folder["nope.js"], [AppContext.BaseDirectory]));
        Assert.Contains(folder["nope.js"], e.Message);
        Assert.Contains(PlotlyJs.EnvironmentVariable, e.Message);
    }

    [Fact]
    public void A_repository_without_node_modules_names_the_path_and_setup()
    {
        folder.Write("Workbench.sln", []);
        var start = Directory.CreateDirectory(folder["lib/Workbench/bin"]).FullName;
        var e = Assert.Throws<FileNotFoundException>(() => PlotlyJs.Locate(null, [start]));
        Assert.Contains(folder[PlotlyJs.RepositoryPath], e.Message);
        Assert.Contains("run ./workbench setup", e.Message);
    }

    [Fact]
    public void Outside_any_repository_the_error_says_so()
    {
        var e = Assert.Throws<FileNotFoundException>(() => PlotlyJs.Locate(null, [folder.Path]));
        Assert.Contains("Workbench.sln", e.Message);
        Assert.Contains("run ./workbench setup", e.Message);
    }
}
