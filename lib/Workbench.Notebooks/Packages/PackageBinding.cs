using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;

namespace Workbench.Notebooks.Packages;

/// <summary>
/// Binds a package's reference as .NET does: to the same or a higher version of the assembly. Roslyn's script
/// loader resolves a strong-named reference only to its exact version, so a package built against
/// System.Numerics.Tensors 9.0.0.0 failed with FileNotFoundException when the restore brought 9.0.0.4 (another
/// package needed the patch). The runtime asks this resolver last, once the loader and the default context
/// have found nothing.
/// </summary>
internal static class PackageBinding
{
    private static readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> PathsByName = new(StringComparer.OrdinalIgnoreCase);
    private static int installed;

    /// <summary>From now on a request for <paramref name="simpleName"/> may be answered by the file at <paramref name="path"/>.</summary>
    public static void Register(string simpleName, string path)
    {
        PathsByName.GetOrAdd(simpleName, _ => new ConcurrentDictionary<string, byte>(StringComparer.Ordinal))[path] = 0;
        if (Interlocked.Exchange(ref installed, 1) == 0) AppDomain.CurrentDomain.AssemblyResolve += Resolve;
    }

    private static Assembly? Resolve(object? sender, ResolveEventArgs args)
    {
        var wanted = new AssemblyName(args.Name);
        if (wanted.Name is null || !PathsByName.TryGetValue(wanted.Name, out var paths)) return null;
        // A copy already loaded (by the script loader, in its own context) answers first: one copy per process.
        var loaded = AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => !a.IsDynamic && Satisfies(a.GetName(), wanted))
            .MaxBy(a => a.GetName().Version);
        if (loaded is not null) return loaded;
        var file = paths.Keys
            .Select(path => (Path: path, Name: NameOf(path)))
            .Where(candidate => candidate.Name is not null && Satisfies(candidate.Name, wanted))
            .MaxBy(candidate => candidate.Name!.Version);
        return file.Path is null ? null : AssemblyLoadContext.Default.LoadFromAssemblyPath(file.Path);
    }

    /// <summary>The same name and public key, and a version at least the one asked for.</summary>
    private static bool Satisfies(AssemblyName candidate, AssemblyName wanted) =>
        string.Equals(candidate.Name, wanted.Name, StringComparison.OrdinalIgnoreCase)
        && (candidate.GetPublicKeyToken() ?? []).AsSpan().SequenceEqual(wanted.GetPublicKeyToken() ?? [])
        && (wanted.Version is null || candidate.Version >= wanted.Version);

    private static AssemblyName? NameOf(string path)
    {
        try { return AssemblyName.GetAssemblyName(path); }
        catch (Exception e) when (e is IOException or BadImageFormatException) { return null; }
    }
}
