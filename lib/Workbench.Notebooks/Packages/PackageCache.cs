namespace Workbench.Notebooks.Packages;

/// <summary>The global packages folder NuGet extracts into (~/.nuget/packages), read to restore offline.</summary>
internal static class PackageCache
{
    /// <summary>The folder a restore used (the assets file names it first), else the configured or usual one.</summary>
    public static string Folder(IReadOnlyList<string> restoreFolders, PackageSettings settings)
    {
        if ((restoreFolders.FirstOrDefault() ?? settings.PackagesDirectory) is { } known) return known;
        return Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
    }

    /// <summary>The newest stable version of <paramref name="package"/> fully extracted in <paramref name="folder"/>, if any.</summary>
    public static string? NewestStable(string folder, string package)
    {
        var versions = Path.Combine(folder, package.ToLowerInvariant());
        if (!Directory.Exists(versions)) return null;
        // NuGet writes .nupkg.metadata last: a folder without it is a half-finished extraction.
        return Directory.GetDirectories(versions)
            .Where(d => File.Exists(Path.Combine(d, ".nupkg.metadata")))
            .Select(Path.GetFileName).OfType<string>()
            .Where(v => !v.Contains('-') && Version.TryParse(v.Split('+')[0], out _))
            .MaxBy(v => Version.Parse(v.Split('+')[0]));
    }
}
