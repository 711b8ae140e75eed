namespace Workbench.Cli.Sweep;

/// <summary>
/// One run of a plan after its grid is expanded: a workbench verb with its whole command line, the file it writes,
/// and the runs whose outputs it reads.
/// </summary>
/// <param name="Name">Unique in the plan; names its log and its Slurm task.</param>
/// <param name="Arguments">Everything after the verb, <c>--out</c> included, with every placeholder filled in.</param>
/// <param name="Out">The full path of <c>--out</c>.</param>
internal sealed record PlannedRun(string Name, string Verb, IReadOnlyList<string> Arguments, string Out, IReadOnlyList<string> DependsOn, SlurmResources Slurm)
{
    public IEnumerable<string> CommandLine => [Verb, .. Arguments];

    /// <summary>Whether the file that exists only once the verb has finished is there.</summary>
    public bool IsDone => SweepVerbs.Find(Verb)!.IsDone(Out);
}
