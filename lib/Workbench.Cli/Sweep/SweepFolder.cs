using System.Text.Json;

namespace Workbench.Cli.Sweep;

/// <summary>
/// The records sweep keeps beside a plan's outputs (ROOT/PLAN.sweep/), so that whoever sees the output folders,
/// on this machine or another, can tell how each run went: its log, why it failed, where it is running, and the
/// Slurm jobs it was sent as.
/// </summary>
internal sealed record SweepFolder(string Path)
{
    public string Log(string run) => Combine(run + ".log");
    public string Failed(string run) => Combine(run + ".failed");
    public string Running(string run) => Combine(run + ".running");
    public string SlurmJobs => Combine("slurm-jobs.json");
    public string SlurmScript(string name) => Combine("slurm", name + ".sbatch");
    /// <summary>Claimed by a sweep of this plan while it runs, so a second one is refused rather than racing it.</summary>
    public string Claim => Combine("sweep");

    private string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public static void WriteJson<T>(string file, T value)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        ResultFiles.WriteText(file, JsonSerializer.Serialize(value, Indented));
    }

    public static T? ReadJson<T>(string file) where T : class
    {
        try
        {
            return File.Exists(file) ? JsonSerializer.Deserialize<T>(File.ReadAllText(file), Indented) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
}

/// <summary>Why a run failed: written when its command exits with an error, removed when it starts again.</summary>
internal sealed record FailedRun(int ExitCode, string Host, DateTime Finished, string Log, string? SlurmJob = null);

/// <summary>A run started by a local sweep: which machine and process, so status can tell a live run from a dead one.</summary>
internal sealed record RunningRun(string Host, int Pid, DateTime Started);
