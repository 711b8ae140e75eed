namespace Workbench.Cli.Sweep;

/// <summary>One array task as Slurm reports it: its id (JOB_TASK), state (PENDING, RUNNING, COMPLETED, FAILED, ...) and reason.</summary>
internal sealed record SlurmTask(string Id, string State, string Reason)
{
    public bool Active => State is "PENDING" or "RUNNING" or "CONFIGURING" or "COMPLETING" or "REQUEUED" or "RESIZING" or "SUSPENDED";
}

/// <summary>
/// Asks Slurm what became of a sweep's jobs: squeue for queued and running tasks, then scontrol for tasks that ended
/// recently, then sacct for older ones where the cluster keeps accounting (many single machines do not).
/// </summary>
internal static class SlurmQueue
{
    public static Dictionary<string, SlurmTask> Tasks(IEnumerable<string> jobIds)
    {
        var ids = jobIds.Distinct().ToList();
        var tasks = new Dictionary<string, SlurmTask>(StringComparer.Ordinal);
        if (ids.Count == 0) return tasks;
        var queued = ExternalCommand.Run("squeue", "--noheader", "--array", "--jobs", string.Join(',', ids), "--format", "%i|%T|%r");
        if (queued.Succeeded) Add(tasks, queued.Output.Split('\n').Select(l => l.Split('|')).Where(p => p.Length == 3).Select(p => new SlurmTask(p[0].Trim(), p[1].Trim(), p[2].Trim())));
        foreach (var id in ids)
        {
            var shown = ExternalCommand.Run("scontrol", "--oneliner", "show", "job", id);
            if (shown.Succeeded) Add(tasks, shown.Output.Split('\n').Select(Scontrol).OfType<SlurmTask>());
        }
        var accounted = ExternalCommand.Run("sacct", "--noheader", "--parsable2", "--allocations", "--jobs", string.Join(',', ids), "--format", "JobID,State");
        if (accounted.Succeeded)
            Add(tasks, accounted.Output.Split('\n').Select(l => l.Split('|')).Where(p => p.Length == 2).Select(p => new SlurmTask(p[0].Trim(), p[1].Split(' ')[0], "")));
        return tasks;
    }

    /// <summary>The first source to name a task wins: squeue knows best, sacct least.</summary>
    private static void Add(Dictionary<string, SlurmTask> tasks, IEnumerable<SlurmTask> found)
    {
        foreach (var task in found) tasks.TryAdd(task.Id, task);
    }

    private static SlurmTask? Scontrol(string line)
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(f => f.Split('=', 2)).Where(f => f.Length == 2)
            .GroupBy(f => f[0]).ToDictionary(g => g.Key, g => g.First()[1]);
        if (!fields.TryGetValue("JobState", out var state)) return null;
        var id = fields.TryGetValue("ArrayJobId", out var array) && fields.TryGetValue("ArrayTaskId", out var task) ? $"{array}_{task}" : fields.GetValueOrDefault("JobId", "");
        return new SlurmTask(id, state, fields.GetValueOrDefault("Reason", ""));
    }
}
