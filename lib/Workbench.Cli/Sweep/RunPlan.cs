namespace Workbench.Cli.Sweep;

/// <summary>A plan read and expanded: its runs in the file's order, every output under <see cref="Root"/>.</summary>
/// <param name="File">The plan's path as given, for messages.</param>
/// <param name="Name">The file's name without its extension; names the plan's sweep folder.</param>
internal sealed record RunPlan(string File, string Name, string Root, IReadOnlyList<PlannedRun> Runs)
{
    public PlannedRun this[string name] => Runs.First(r => r.Name == name);

    /// <summary>The names of the runs whose results are already there.</summary>
    public HashSet<string> DoneRuns() => Runs.Where(r => r.IsDone).Select(r => r.Name).ToHashSet(StringComparer.Ordinal);

    /// <summary>Where sweep keeps its own records of this plan: logs, failures, Slurm scripts and job ids.</summary>
    public SweepFolder Folder => new(Path.Combine(Root, Name + ".sweep"));
}
