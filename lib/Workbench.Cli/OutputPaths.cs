namespace Workbench.Cli;

/// <summary>
/// Checks a verb's output paths before any work starts: an output never lands on one of the verb's
/// inputs, and a path that cannot be written is named with its option rather than found out at the end.
/// </summary>
internal static class OutputPaths
{
    /// <param name="option">The option the path came from, for the message (e.g. "--out").</param>
    /// <param name="outputs">Every file the verb will write for this option (the main one and those beside it).</param>
    /// <param name="inputs">Every file the verb reads.</param>
    public static void Check(string option, IEnumerable<string> outputs, params string[] inputs)
    {
        var read = inputs.Select(Resolve).ToHashSet(StringComparer.Ordinal);
        foreach (var output in outputs)
        {
            var path = Resolve(output);
            if (read.Contains(path))
                throw new ArgumentException($"{option} '{output}' is one of this command's inputs; write the result to another file");
            if (Directory.Exists(path))
                throw new ArgumentException($"{option} '{output}' is a folder; give a file path");
            for (var folder = Path.GetDirectoryName(path); !string.IsNullOrEmpty(folder); folder = Path.GetDirectoryName(folder))
            {
                if (File.Exists(folder)) throw new ArgumentException($"{option} '{output}': '{folder}' is a file, not a folder");
                if (Directory.Exists(folder)) break;
            }
        }
    }

    public static void Check(string option, string output, params string[] inputs) => Check(option, [output], inputs);

    /// <summary>The full path with symbolic links followed, so two names for one file compare equal.</summary>
    private static string Resolve(string path)
    {
        var full = Path.GetFullPath(path);
        try
        {
            return File.Exists(full) && new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true) is { } target ? target.FullName : full;
        }
        catch (IOException)
        {
            return full;
        }
    }
}
