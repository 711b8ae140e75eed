namespace Workbench.Cli;

/// <summary>An input path checked before any work: it must be a file that exists, named with its option or argument.</summary>
internal static class InputPaths
{
    public static void Check(string name, string path)
    {
        if (Directory.Exists(path)) throw new ArgumentException($"{name} '{path}' is a folder; give a .safetensors file");
        if (!File.Exists(path)) throw new FileNotFoundException($"{name}: no file at '{path}'", path);
    }
}
