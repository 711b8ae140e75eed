using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;

namespace Workbench.Notebooks.Packages;

/// <summary>
/// The host's copy of an assembly: loaded in the default context (the library's FSharp.Core, System.Text.Json)
/// or on the runtime's trusted platform list. The host's copy wins over a package's: cells reference it, and a
/// package's own request for a newer version is answered with it too, so the process holds one copy and
/// the library's types and the package's are the same types.
/// </summary>
/// <remarks>
/// Roslyn's loader asks the default context first for every assembly a cell or a package needs, and loads
/// a file of its own only when that fails. It fails when a package was built against a newer version than
/// the host has: that is when two copies appeared (Plotly.NET's FSharp.Core beside the host's, each half of
/// the F# types from another) and what <see cref="Prefer"/> answers.
/// </remarks>
internal static class HostAssemblies
{
    private static readonly ConcurrentDictionary<string, string> Preferred = new(StringComparer.OrdinalIgnoreCase);
    private static int installed;

    /// <summary>The host's copy of the assembly at <paramref name="packageAssembly"/>, with its version; null when the host has none.</summary>
    public static (string Path, Version? Version)? CopyOf(string packageAssembly)
    {
        var name = Path.GetFileNameWithoutExtension(packageAssembly);
        // The default context only: another session's packages live in contexts of their own and are not shared.
        if (AssemblyLoadContext.Default.Assemblies.FirstOrDefault(a => !a.IsDynamic && a.Location.Length > 0
                && string.Equals(a.GetName().Name, name, StringComparison.OrdinalIgnoreCase)) is { } loaded)
            return (loaded.Location, loaded.GetName().Version);
        return Platform().FirstOrDefault(path => string.Equals(Path.GetFileNameWithoutExtension(path), name, StringComparison.OrdinalIgnoreCase)) is { } platform
            ? (platform, VersionOf(platform))
            : null;
    }

    /// <summary>From now on, a request for any version of <paramref name="name"/> that the default context cannot meet gets the host's copy at <paramref name="path"/>.</summary>
    public static void Prefer(string name, string path)
    {
        Preferred.TryAdd(name, path);
        if (Interlocked.Exchange(ref installed, 1) == 0) AssemblyLoadContext.Default.Resolving += Resolve;
    }

    public static Version? VersionOf(string path)
    {
        try { return AssemblyName.GetAssemblyName(path).Version; }
        catch (BadImageFormatException) { return null; }
        catch (IOException) { return null; }
    }

    private static Assembly? Resolve(AssemblyLoadContext context, AssemblyName wanted)
    {
        if (wanted.Name is null || !Preferred.TryGetValue(wanted.Name, out var path)) return null;
        return AssemblyLoadContext.Default.Assemblies.FirstOrDefault(a => !a.IsDynamic && string.Equals(a.GetName().Name, wanted.Name, StringComparison.OrdinalIgnoreCase))
            ?? AssemblyLoadContext.Default.LoadFromAssemblyPath(path);
    }

    private static IEnumerable<string> Platform() =>
        (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
}
