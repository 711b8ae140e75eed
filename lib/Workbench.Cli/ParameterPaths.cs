namespace Workbench.Cli;

/// <summary>
/// Cells run in the notebook's folder (as Polyglot ran them), but a user types <c>-p</c> paths relative to the
/// folder they run the command in (<c>-p baseline=docs/experiments/checkpoints/resnet20.safetensors</c> from the
/// repository root). A value written as a path (with a folder separator) that names an existing file or folder
/// from there is passed as its full path; every other value is passed as typed.
/// </summary>
internal static class ParameterPaths
{
    public static IReadOnlyDictionary<string, string> Resolve(IReadOnlyDictionary<string, string> parameters, string from) =>
        parameters.ToDictionary(p => p.Key, p => FullPathOf(p.Value, from) ?? p.Value);

    private static string? FullPathOf(string value, string from)
    {
        if (!value.Contains('/') && !value.Contains(Path.DirectorySeparatorChar) || Path.IsPathRooted(value)) return null;
        try
        {
            var full = Path.GetFullPath(value, from);
            return File.Exists(full) || Directory.Exists(full) ? full : null;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            return null;
        }
    }
}
