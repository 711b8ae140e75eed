using Workbench.Cli;

namespace Workbench.Tests.Notebooks;

/// <summary>
/// Cells run in the notebook's folder, so a <c>-p</c> path typed relative to the caller's folder is passed as its
/// full path; values that are not paths to something there pass as typed.
/// </summary>
public sealed class ParameterPathsTests
{
    [Fact]
    public void ExistingRelativePathsBecomeFullPathsFromTheCallersFolder()
    {
        using var folder = new TempFolder();
        folder.Write("docs/checkpoints/net.safetensors", [1]);
        Directory.CreateDirectory(folder["data/runs"]);
        Directory.CreateDirectory(folder["both"]);
        var resolved = ParameterPaths.Resolve(new Dictionary<string, string>
        {
            ["baseline"] = "docs/checkpoints/net.safetensors",
            ["runs"] = "./data/runs",
            ["missing"] = "data/not-there",       // not there (yet): as typed
            ["mode"] = "both",                    // a word, even one naming a folder there: as typed
            ["quick"] = "false",
            ["absolute"] = "/tmp",
        }, folder.Path);
        Assert.Equal(folder["docs/checkpoints/net.safetensors"], resolved["baseline"]);
        Assert.Equal(folder["data/runs"], resolved["runs"]);
        Assert.Equal(("data/not-there", "both", "false", "/tmp"), (resolved["missing"], resolved["mode"], resolved["quick"], resolved["absolute"]));
    }
}
