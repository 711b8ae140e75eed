namespace Workbench.Notebooks.Packages;

/// <summary>
/// What restoring a package set gave: its runtime assemblies, or why it failed (NuGet's errors, or the
/// restore's own output when NuGet wrote no assets file); NuGet's warnings and notes either way.
/// </summary>
internal sealed record RestoreResult(
    IReadOnlyList<PackageAssembly> Assemblies,
    IReadOnlyList<NuGetMessage> Messages,
    IReadOnlyList<string> PackageFolders,
    string? Failure,
    IReadOnlyList<string> Notes)
{
    public bool Succeeded => Failure is null && !Messages.Any(m => m.IsError);

    public static RestoreResult Failed(string failure, IReadOnlyList<NuGetMessage>? messages = null, IReadOnlyList<string>? folders = null) =>
        new([], messages ?? [], folders ?? [], failure, []);
}
