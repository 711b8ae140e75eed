using System.Reflection;
using System.Runtime.Loader;

namespace Workbench.Notebooks.Packages;

/// <summary>
/// The copy of an assembly that the host already has: loaded in the default context (the library's FSharp.Core,
/// System.Text.Json), or on the runtime's trusted platform list. A package's copy of it is referenced as this
/// one instead, so that cells and the library share one assembly and its types, and no second copy loads beside it.
/// </summary>
internal static class HostAssemblies
{
    /// <summary>The path of the host's copy of <paramref name="packageAssembly"/>, when it is as new or newer; else null.</summary>
    public static string? CopyOf(string packageAssembly)
    {
        if (VersionOf(packageAssembly) is not { } wanted) return null;
        var name = Path.GetFileNameWithoutExtension(packageAssembly);
        // The default context only: another session's packages live in contexts of its own and are not shared.
        var loaded = AssemblyLoadContext.Default.Assemblies
            .Where(a => !a.IsDynamic && a.Location.Length > 0 && a.GetName() is var n
                && string.Equals(n.Name, name, StringComparison.OrdinalIgnoreCase) && n.Version >= wanted)
            .Select(a => a.Location)
            .FirstOrDefault();
        // An older copy cannot stand in for the package's: the package's own code may need what is new in it.
        return loaded ?? Platform().FirstOrDefault(path =>
            string.Equals(Path.GetFileNameWithoutExtension(path), name, StringComparison.OrdinalIgnoreCase) && VersionOf(path) >= wanted);
    }

    private static IEnumerable<string> Platform() =>
        (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);

    private static Version? VersionOf(string path)
    {
        try { return AssemblyName.GetAssemblyName(path).Version; }
        catch (BadImageFormatException) { return null; }
        catch (IOException) { return null; }
    }
}
