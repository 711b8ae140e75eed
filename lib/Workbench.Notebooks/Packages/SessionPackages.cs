using Workbench.Notebooks.Execution;

namespace Workbench.Notebooks.Packages;

/// <summary>
/// A session's packages: every package and source asked for so far, and every assembly referenced, by
/// simple name. Each cell's new packages are restored together with the earlier ones, so versions unify;
/// an assembly is referenced once per session, and as the process's own copy where it has one.
/// </summary>
internal sealed class SessionPackages(PackageSettings settings, IEnumerable<string> libraryReferences)
{
    private readonly List<PackageRequest> requested = [];
    private readonly List<string> sources = [];
    private readonly Dictionary<string, string> referenced = libraryReferences
        .DistinctBy(Path.GetFileNameWithoutExtension, StringComparer.OrdinalIgnoreCase)
        .ToDictionary(path => Path.GetFileNameWithoutExtension(path), StringComparer.OrdinalIgnoreCase);

    private readonly Dictionary<string, PackageAssembly> fromPackages = new(StringComparer.OrdinalIgnoreCase);

    public PackageRestorer Restorer { get; } = new(settings);

    /// <summary>The references a cell's packages add (paths), notes for its stderr, or the error that stops the cell.</summary>
    public sealed record Added(IReadOnlyList<string> References, IReadOnlyList<string> Notes, CellError? Error);

    public async Task<Added> AddAsync(PackageDirectives cell, CancellationToken cancellation)
    {
        var newSources = cell.Sources.Except(sources).Distinct().ToList();
        List<PackageRequest> newPackages = [];
        foreach (var package in cell.Packages)
        {
            var earlier = requested.Concat(newPackages).FirstOrDefault(p => p.Name.Equals(package.Name, StringComparison.OrdinalIgnoreCase));
            if (earlier is null) newPackages.Add(package);
            else if (package.Version is not null && package.Version != earlier.Version)
                return Failed($"package {package} cannot be added: {earlier} was added earlier in this session, and a loaded assembly cannot be swapped; restart the kernel to change its version", []);
        }
        if (newPackages.Count == 0)
        {
            sources.AddRange(newSources);
            return new Added([], [], null);
        }

        var result = await Restorer.RestoreAsync([.. requested, .. newPackages], [.. sources, .. newSources], cancellation);
        if (!result.Succeeded) return RestoreFailed(newPackages, result);
        if (PinnedVersions.Clash(result.Assemblies, newPackages, Held) is { } clash) return Failed(clash, []);
        requested.AddRange(newPackages);
        sources.AddRange(newSources);
        List<string> references = [];
        List<string> notes = [.. result.Messages.Where(m => !m.IsError).Select(m => $"warning {OneLine(m)}"), .. result.Notes];
        foreach (var assembly in result.Assemblies)
        {
            if (referenced.TryGetValue(assembly.SimpleName, out var earlierPath))
            {
                // Only a clash between two packages' versions is worth a note; the library's own assemblies win quietly.
                if (!fromPackages.TryGetValue(assembly.SimpleName, out var earlier)) HostAssemblies.Prefer(assembly.SimpleName, earlierPath);
                else if (earlier.Version != assembly.Version)
                    notes.Add($"{assembly.SimpleName} {assembly.Version} (package {assembly.Package}) is not loaded: this session already uses version {earlier.Version} from package {earlier.Package}; restart the kernel to use {assembly.Version}");
                continue;
            }
            fromPackages[assembly.SimpleName] = assembly;
            var path = assembly.Path;
            if (HostAssemblies.CopyOf(assembly.Path) is { } host)
            {
                path = host.Path;
                HostAssemblies.Prefer(assembly.SimpleName, host.Path);
                if (HostAssemblies.VersionOf(assembly.Path) is { } packaged && host.Version < packaged)
                    notes.Add($"{assembly.SimpleName} {packaged} (package {assembly.Package} {assembly.Version}) is newer than the host's {host.Version}; the host's copy is used so that one copy is loaded, and code that needs the newer one may fail with MissingMethodException");
            }
            referenced[assembly.SimpleName] = path;
            references.Add(path);
            if (path == assembly.Path) PackageBinding.Register(assembly.SimpleName, path);
        }
        return new Added(references, notes, null);
    }

    /// <summary>The copy of <paramref name="assembly"/>'s simple name the process already holds, if another than this very file.</summary>
    private (string Path, Version? Version, string Origin)? Held(PackageAssembly assembly)
    {
        if (fromPackages.TryGetValue(assembly.SimpleName, out var earlier))
            return earlier.Path == assembly.Path ? null : (earlier.Path, HostAssemblies.VersionOf(earlier.Path), $"from package {earlier.Package} {earlier.Version}");
        if (referenced.TryGetValue(assembly.SimpleName, out var library)) return (library, HostAssemblies.VersionOf(library), "the workbench's own");
        return HostAssemblies.CopyOf(assembly.Path) is { } host ? (host.Path, host.Version, "the host's") : null;
    }

    private static Added RestoreFailed(IReadOnlyList<PackageRequest> added, RestoreResult result)
    {
        var errors = result.Messages.Where(m => m.IsError).ToList();
        var named = added.Where(p => errors.Any(e => string.Equals(e.Package, p.Name, StringComparison.OrdinalIgnoreCase))).ToList();
        var culprits = named.Count > 0 ? named : added;
        var what = culprits.Count == 1 ? $"package {culprits[0]}" : $"packages {string.Join(", ", culprits)}";
        var why = errors.Count > 0 ? string.Join("; ", errors.Select(OneLine)) : result.Failure;
        return Failed($"could not restore {what}: {why}", result.Messages.Where(m => !m.IsError).Select(m => $"warning {OneLine(m)}"));
    }

    private static Added Failed(string message, IEnumerable<string> warnings) =>
        new([], [], new CellError("PackageRestoreFailed", message, [$"PackageRestoreFailed: {message}", .. warnings]));

    // NuGet's messages run over several indented lines ("Found 2 version(s) in local [ Nearest version: 2.0.0 ]").
    private static string OneLine(NuGetMessage message) =>
        $"{message.Code}: {string.Join(" ", message.Text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))}";
}
