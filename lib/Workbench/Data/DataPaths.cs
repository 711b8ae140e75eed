namespace Workbench.Data;

/// <summary>
/// Where datasets live. By default that is the <c>data/</c> folder of the repository (the folder
/// holding <c>Workbench.sln</c>), found by walking up from the current directory and then from the
/// application's own folder, so the CLI, the tests and notebooks all agree.
/// The environment variable <c>WORKBENCH_DATA</c> overrides it.
/// </summary>
public static class DataPaths
{
    public const string EnvironmentVariable = "WORKBENCH_DATA";
    public const string SolutionFile = "Workbench.sln";

    /// <summary>The nearest folder at or above <paramref name="start"/> that holds Workbench.sln, or null.</summary>
    public static string? FindRepoRoot(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
                return dir.FullName;
        return null;
    }

    /// <summary>The repository root, from the current directory or else from the application's folder.</summary>
    public static string? RepoRoot =>
        FindRepoRoot(Directory.GetCurrentDirectory()) ?? FindRepoRoot(AppContext.BaseDirectory);

    /// <summary>
    /// WORKBENCH_DATA if set, else <c>&lt;repo&gt;/data</c>, else <c>./data</c>
    /// (a workbench installed outside a checkout still has somewhere to put downloads).
    /// </summary>
    public static string DataRoot
    {
        get
        {
            var overridden = Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (!string.IsNullOrWhiteSpace(overridden)) return Path.GetFullPath(overridden);
            return Path.Combine(RepoRoot ?? Directory.GetCurrentDirectory(), "data");
        }
    }

    /// <summary>
    /// The folder for dataset <paramref name="name"/>: <c>DataRoot/name</c> when it holds files,
    /// else the first fallback that does (e.g. a system-wide copy), else <c>DataRoot/name</c>
    /// so that error messages point at the place the user is expected to fill.
    /// </summary>
    public static string Resolve(string name, params string[] fallbacks)
    {
        var primary = Path.Combine(DataRoot, name);
        foreach (var candidate in fallbacks.Prepend(primary))
            if (Directory.Exists(candidate) && Directory.EnumerateFiles(candidate).Any())
                return candidate;
        return primary;
    }
}
