namespace Workbench.Cli.Sweep;

/// <summary>
/// What one Slurm task asks for. Each field is null where nothing was said, so a plan's defaults, a run's own
/// table and the command line can be laid over one another (<see cref="Over"/>).
/// </summary>
internal sealed record SlurmResources(string? Partition = null, string? Time = null, int? CpusPerTask = null, string? Gres = null, string? Mem = null)
{
    public static readonly string[] Keys = ["partition", "time", "cpus-per-task", "gres", "mem"];

    /// <summary>This one's fields where given, <paramref name="under"/>'s elsewhere.</summary>
    public SlurmResources Over(SlurmResources under) => new(
        Partition ?? under.Partition, Time ?? under.Time, CpusPerTask ?? under.CpusPerTask, Gres ?? under.Gres, Mem ?? under.Mem);

    /// <summary>The sbatch options, in the order `sbatch --help` lists them.</summary>
    public IEnumerable<string> SbatchOptions()
    {
        if (CpusPerTask is { } cpus) yield return $"--cpus-per-task={cpus}";
        if (Gres is not null) yield return $"--gres={Gres}";
        if (Mem is not null) yield return $"--mem={Mem}";
        if (Partition is not null) yield return $"--partition={Partition}";
        if (Time is not null) yield return $"--time={Time}";
    }
}
