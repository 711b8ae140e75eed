using System.Text.Json;

namespace Workbench.Notebooks.Packages;

/// <summary>
/// What a restore wrote to <c>obj/project.assets.json</c>: each package's runtime assemblies, resolved
/// against the package folders, and NuGet's messages (errors and warnings, with their NU codes).
/// </summary>
internal sealed record AssetsFile(IReadOnlyList<PackageAssembly> Assemblies, IReadOnlyList<NuGetMessage> Messages, IReadOnlyList<string> PackageFolders)
{
    public static string PathIn(string projectDirectory) => Path.Combine(projectDirectory, "obj", "project.assets.json");

    public static AssetsFile Read(string path)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var root = json.RootElement;
        var folders = root.TryGetProperty("packageFolders", out var f) ? f.EnumerateObject().Select(p => p.Name).ToList() : [];
        var messages = root.TryGetProperty("logs", out var logs)
            ? logs.EnumerateArray().Select(NuGetMessage.From).ToList()
            : [];
        return new AssetsFile(RuntimeAssemblies(root, folders), messages, folders);
    }

    private static List<PackageAssembly> RuntimeAssemblies(JsonElement root, List<string> folders)
    {
        List<PackageAssembly> found = [];
        if (!root.TryGetProperty("targets", out var targets)) return found;
        // The one target without a runtime identifier: "net10.0".
        var target = targets.EnumerateObject().FirstOrDefault(t => !t.Name.Contains('/'));
        if (target.Value.ValueKind != JsonValueKind.Object) return found;
        var libraries = root.GetProperty("libraries");
        foreach (var library in target.Value.EnumerateObject())
        {
            if (library.Value.GetProperty("type").GetString() != "package" || !library.Value.TryGetProperty("runtime", out var runtime)) continue;
            var (name, version) = (library.Name[..library.Name.IndexOf('/')], library.Name[(library.Name.IndexOf('/') + 1)..]);
            var packagePath = libraries.GetProperty(library.Name).GetProperty("path").GetString()!;
            foreach (var asset in runtime.EnumerateObject())
            {
                // "_._" marks a framework with nothing to add (the platform already has it).
                if (!asset.Name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) continue;
                var file = folders.Select(folder => Path.GetFullPath(Path.Combine(folder, packagePath, asset.Name))).FirstOrDefault(File.Exists)
                    ?? throw new FileNotFoundException($"package {name} {version}: restored, but its assembly '{asset.Name}' is in none of the package folders ({string.Join(", ", folders)})");
                found.Add(new PackageAssembly(name, version, file));
            }
        }
        return found;
    }
}

/// <summary>One runtime assembly of a restored package.</summary>
internal sealed record PackageAssembly(string Package, string Version, string Path)
{
    public string SimpleName => System.IO.Path.GetFileNameWithoutExtension(Path);
}

/// <summary>One of NuGet's messages: "NU1101", "Error", "Unable to find package X...", and the package it is about, if any.</summary>
internal sealed record NuGetMessage(string Code, string Level, string Text, string? Package)
{
    public bool IsError => Level.Equals("Error", StringComparison.OrdinalIgnoreCase);

    public override string ToString() => $"{Code}: {Text}";

    public static NuGetMessage From(JsonElement log) => new(
        log.TryGetProperty("code", out var code) ? code.GetString() ?? "" : "",
        log.TryGetProperty("level", out var level) ? level.GetString() ?? "" : "",
        log.TryGetProperty("message", out var message) ? message.GetString() ?? "" : "",
        log.TryGetProperty("libraryId", out var id) ? id.GetString() : null);
}
