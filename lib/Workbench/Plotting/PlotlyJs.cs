namespace Workbench.Plotting;

/// <summary>
/// The plotly.js that figures use. Saved pages and offline notebook output embed a local copy: npm's
/// plotly.js-dist-min, installed by <c>./workbench setup</c> into lib/Workbench/Plotting/js/node_modules.
/// At run time it is found by walking up from the assembly (or the working folder) to the repository,
/// the folder holding Workbench.sln; the environment variable WORKBENCH_PLOTLY_JS overrides that.
/// </summary>
public static class PlotlyJs
{
    /// <summary>The plotly.js version pinned in js/package.json.</summary>
    public const string Version = "4.1.2";

    public const string EnvironmentVariable = "WORKBENCH_PLOTLY_JS";

    /// <summary>Where the repository keeps plotly.min.js, relative to the repository root.</summary>
    public const string RepositoryPath = "lib/Workbench/Plotting/js/node_modules/plotly.js-dist-min/plotly.min.js";

    private const string RepositoryMarker = "Workbench.sln";

    private static readonly Lock Gate = new();
    private static (string Path, string Text)? cached;

    /// <summary>The local plotly.min.js; throws <see cref="FileNotFoundException"/> naming the path and the fix when it is missing.</summary>
    public static string Path => Locate(Environment.GetEnvironmentVariable(EnvironmentVariable), SearchStarts());

    /// <summary>The text of the local plotly.min.js, read once per path.</summary>
    public static string Script
    {
        get
        {
            var path = Path;
            lock (Gate)
            {
                if (cached is { } c && c.Path == path) return c.Text;
                var text = File.ReadAllText(path);
                cached = (path, text);
                return text;
            }
        }
    }

    /// <summary>
    /// Resolves plotly.min.js: <paramref name="overridePath"/> when given (it must exist), else the
    /// repository's copy above the first of <paramref name="searchFrom"/> that lies inside a repository.
    /// </summary>
    public static string Locate(string? overridePath, IEnumerable<string> searchFrom)
    {
        if (!string.IsNullOrEmpty(overridePath))
        {
            var full = System.IO.Path.GetFullPath(overridePath);
            return File.Exists(full) ? full
                : throw new FileNotFoundException($"{EnvironmentVariable} names '{full}', which does not exist; point it at a plotly.min.js or unset it to use the copy that ./workbench setup installs", full);
        }
        var starts = searchFrom.Where(s => !string.IsNullOrEmpty(s)).ToList();
        var root = starts.Select(FindRepository).FirstOrDefault(r => r is not null)
            ?? throw new FileNotFoundException($"cannot find plotly.js: no folder holding {RepositoryMarker} above {string.Join(" or ", starts.Select(s => $"'{s}'"))}; run ./workbench setup in the repository, or set {EnvironmentVariable} to a plotly.min.js");
        var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(root, RepositoryPath));
        return File.Exists(path) ? path
            : throw new FileNotFoundException($"plotly.js is missing at '{path}'; run ./workbench setup (it installs npm's plotly.js-dist-min {Version} there), or set {EnvironmentVariable} to a plotly.min.js", path);
    }

    // The library's own folder first (bin/<config>/<tfm> of some project in the repository), then the
    // host's, then the working folder: a notebook kernel's working folder is the notebook's, in the repository.
    private static IEnumerable<string> SearchStarts() =>
    [
        System.IO.Path.GetDirectoryName(typeof(PlotlyJs).Assembly.Location) ?? "",
        AppContext.BaseDirectory,
        Environment.CurrentDirectory,
    ];

    private static string? FindRepository(string start)
    {
        for (var dir = new DirectoryInfo(System.IO.Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, RepositoryMarker))) return dir.FullName;
        return null;
    }
}
