namespace Workbench.Cli.Sweep;

/// <summary>A plan that cannot run as written, named by its file, and by the run and key where there is one.</summary>
internal sealed class PlanException(string file, string? run, string? key, string problem)
    : ArgumentException(Where(file, run, key) + problem)
{
    private static string Where(string file, string? run, string? key)
    {
        var parts = new List<string>();
        if (run is not null) parts.Add($"run '{run}'");
        if (key is not null) parts.Add($"key '{key}'");
        return parts.Count == 0 ? $"{file}: " : $"{file}: {string.Join(", ", parts)}: ";
    }
}
