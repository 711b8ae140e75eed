using Workbench.Data;

namespace Workbench.Tests.Data;

/// <summary>Finding the repository's data folder, and WORKBENCH_DATA overriding it.</summary>
public class DataPathsTests
{
    [Fact]
    public void RepoRootIsTheNearestFolderWithTheSolution()
    {
        using var folder = new TempFolder();
        folder.Write("repo/Workbench.sln", []);
        Directory.CreateDirectory(folder["repo/a/b/c"]);
        Assert.Equal(folder["repo"], DataPaths.FindRepoRoot(folder["repo/a/b/c"]));
        Assert.Null(DataPaths.FindRepoRoot(folder.Path));
    }

    [Fact]
    public void TheTestsRunInsideTheRepository()
    {
        var root = DataPaths.RepoRoot;
        Assert.NotNull(root);
        Assert.True(File.Exists(Path.Combine(root, "Workbench.sln")));
    }
}

/// <summary>Changes an environment variable, so it runs alone.</summary>
[Collection(SerialCollection.Name)]
public class DataPathsEnvironmentTests
{
    [Fact]
    public void EnvironmentVariableOverridesAndEmptyFoldersFallBack()
    {
        using var folder = new TempFolder();
        var previous = Environment.GetEnvironmentVariable(DataPaths.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(DataPaths.EnvironmentVariable, folder.Path);
            Assert.Equal(folder.Path, DataPaths.DataRoot);
            Assert.Equal(folder["cifar-10-batches-bin"], Cifar10.DefaultFolder);

            folder.Write("system/x/file", [1]);
            Directory.CreateDirectory(folder["x"]); // present but empty: not a dataset yet
            Assert.Equal(folder["system/x"], DataPaths.Resolve("x", folder["system/x"]));
            folder.Write("x/file", [1]);
            Assert.Equal(folder["x"], DataPaths.Resolve("x", folder["system/x"]));
            Assert.Equal(folder["y"], DataPaths.Resolve("y", folder["system/y"])); // nothing anywhere: point at the data folder
        }
        finally
        {
            Environment.SetEnvironmentVariable(DataPaths.EnvironmentVariable, previous);
        }
    }
}
