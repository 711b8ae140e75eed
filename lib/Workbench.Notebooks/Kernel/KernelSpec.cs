using System.Text.Json;
using System.Text.Json.Nodes;

namespace Workbench.Notebooks.Kernel;

/// <summary>
/// The kernelspec that tells Jupyter how to launch this kernel: kernels/csharp-workbench/kernel.json in a
/// Jupyter data directory, with "{connection_file}" in argv for Jupyter to fill in.
/// </summary>
public static class KernelSpec
{
    public const string Name = "csharp-workbench";
    public const string DisplayName = "C# (Workbench)";

    /// <summary>The per-user Jupyter data directory, found as jupyter_core finds it on Linux.</summary>
    public static string UserDataDirectory()
    {
        if (Environment.GetEnvironmentVariable("JUPYTER_DATA_DIR") is { Length: > 0 } explicitly) return explicitly;
        var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } x
            ? x
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        return Path.Combine(xdg, "jupyter");
    }

    /// <summary>The Jupyter data directory of an installation prefix (what jupyter kernelspec install --prefix uses).</summary>
    public static string PrefixDataDirectory(string prefix) => Path.Combine(Path.GetFullPath(prefix), "share", "jupyter");

    /// <summary>kernel.json for a kernel started by <paramref name="launcher"/> followed by -f CONNECTION_FILE.</summary>
    public static JsonObject Json(IReadOnlyList<string> launcher) => new()
    {
        ["argv"] = new JsonArray([.. launcher.Select(a => (JsonNode?)a), "-f", "{connection_file}"]),
        ["display_name"] = DisplayName,
        ["language"] = "csharp",
        // Interrupts come as interrupt_request on control, not SIGINT, which would kill the .NET process.
        ["interrupt_mode"] = "message",
        ["metadata"] = new JsonObject(),
    };

    /// <summary>Writes the kernelspec into <paramref name="dataDirectory"/>/kernels/csharp-workbench and returns that folder.</summary>
    public static string Install(string dataDirectory, IReadOnlyList<string> launcher)
    {
        var folder = Path.Combine(dataDirectory, "kernels", Name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "kernel.json"), Json(launcher).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return folder;
    }
}
