namespace Workbench.Notebooks.Packages;

/// <summary>
/// Where a session's package restores happen and which NuGet settings they use. The defaults are the
/// user's own NuGet setup (nuget.config, ~/.nuget/packages); tests point all three at temporary folders.
/// </summary>
/// <param name="CacheDirectory">where the generated restore projects live, one folder per package set; null: the user's local application data</param>
/// <param name="ConfigFile">a nuget.config to use instead of the user's (<c>dotnet restore --configfile</c>)</param>
/// <param name="PackagesDirectory">the global packages folder to restore into instead of the user's (<c>--packages</c>)</param>
/// <param name="Timeout">how long one restore may take before it is stopped; null: two minutes</param>
public sealed record PackageSettings(
    string? CacheDirectory = null,
    string? ConfigFile = null,
    string? PackagesDirectory = null,
    TimeSpan? Timeout = null)
{
    internal string Cache => CacheDirectory ?? Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
        "workbench", "nuget-restores");

    internal TimeSpan RestoreTimeout => Timeout ?? TimeSpan.FromMinutes(2);
}
