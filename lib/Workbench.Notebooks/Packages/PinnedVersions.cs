namespace Workbench.Notebooks.Packages;

/// <summary>
/// A package the cell asked for by version is never silently replaced: when the process already holds
/// another version of one of its assemblies (the workbench's own Plotly.NET, or an earlier package's), the
/// cell fails naming both versions, since a process loads one copy of an assembly. The same version, or a
/// package asked for without a version, takes the copy already there.
/// </summary>
internal static class PinnedVersions
{
    /// <param name="restored">every assembly the restore gave</param>
    /// <param name="added">the packages this cell adds</param>
    /// <param name="present">the copy a simple name already has in the process, with where it came from, or null</param>
    public static string? Clash(IEnumerable<PackageAssembly> restored, IReadOnlyList<PackageRequest> added,
        Func<PackageAssembly, (string Path, Version? Version, string Origin)?> present)
    {
        foreach (var assembly in restored)
        {
            var request = added.FirstOrDefault(p => p.Version is not null && p.Name.Equals(assembly.Package, StringComparison.OrdinalIgnoreCase));
            if (request is null || present(assembly) is not { } held) continue;
            var packaged = HostAssemblies.VersionOf(assembly.Path);
            if (packaged == held.Version) continue;
            return $"package {assembly.Package} {assembly.Version} cannot be loaded: its {assembly.SimpleName}.dll is version {packaged}, "
                + $"but this process already holds {assembly.SimpleName} {held.Version} ({held.Origin}, {held.Path}) and loads one copy of an assembly; "
                + $"ask for the version that matches {held.Version}, or leave the version out to use the one loaded";
        }
        return null;
    }
}
