using System.Globalization;

namespace Workbench.Cli.Sweep;

/// <summary>A job array sweep has sent: its id, and its runs in the order of their array task ids.</summary>
internal sealed record SubmittedArray(string JobId, string Script, IReadOnlyList<string> Runs, DateTime Submitted);

/// <summary>
/// Sends a plan to Slurm: one job array per wave of runs that need nothing still to do (and per set of
/// resources), each held with <c>--dependency=afterok</c> until the arrays it reads from have finished.
/// Done runs are not sent, nor runs already queued or running from an earlier submission: sending a plan
/// again after a failure, a cancellation or an edit sends only what is missing.
/// </summary>
internal sealed class SlurmSweep(RunPlan plan, SlurmResources overrides, Action<string> report)
{
    public void Submit(bool dryRun)
    {
        if (!dryRun && !ExternalCommand.Run("sbatch", "--version").Found)
            throw new IOException("sbatch not found on PATH: --slurm sends the plan through Slurm's own commands; run it on a machine of the cluster (environment.md, \"Slurm\")");
        var submitted = Submitted(plan);
        var inFlight = InFlight(plan, submitted);
        var done = plan.DoneRuns();
        var skip = done.Concat(inFlight.Keys).ToHashSet(StringComparer.Ordinal);
        var waves = PlanOrder.Waves(plan, skip);
        report($"sweep {plan.Name} --slurm: {done.Count} done, {inFlight.Count} already queued or running, {waves.Sum(w => w.Count)} to send in {waves.Count} wave(s)");

        var jobOf = new Dictionary<string, string>(inFlight, StringComparer.Ordinal);
        var sentNow = new List<string>();
        for (var w = 0; w < waves.Count; w++)
        {
            var arrays = waves[w].GroupBy(r => overrides.Over(r.Slurm)).ToList();
            for (var a = 0; a < arrays.Count; a++)
            {
                var runs = arrays[a].ToList();
                var name = arrays.Count == 1 ? $"{plan.Name}-w{w}" : $"{plan.Name}-w{w}-{a}";
                var script = plan.Folder.SlurmScript(name);
                var after = runs.SelectMany(r => r.DependsOn).Where(jobOf.ContainsKey).Select(d => jobOf[d]).Distinct().ToList();
                var sbatch = after.Count == 0 ? new List<string> { "--parsable" } : ["--parsable", $"--dependency=afterok:{string.Join(':', after)}"];
                var text = SlurmScript.Write(plan, name, runs, arrays[a].Key);
                if (dryRun)
                {
                    report($"# sbatch {string.Join(' ', sbatch)} {script}   ({string.Join(", ", runs.Select(r => r.Name))})\n{text}");
                    foreach (var r in runs) jobOf[r.Name] = $"<{name}>";
                    continue;
                }
                Directory.CreateDirectory(Path.GetDirectoryName(script)!);
                ResultFiles.WriteText(script, text);
                var result = ExternalCommand.Run("sbatch", [.. sbatch, script]);
                if (!result.Succeeded)
                    throw new IOException($"sbatch refused {script} (exit code {result.ExitCode}): {result.Error.Trim()}" +
                                          (sentNow.Count > 0 ? $"; the arrays sent before it stay queued (jobs {string.Join(", ", sentNow)}), and `workbench sweep {plan.File} --slurm` again sends only what is missing" : ""));
                var jobId = result.Output.Trim().Split(';')[0];
                submitted.Add(new SubmittedArray(jobId, script, [.. runs.Select(r => r.Name)], DateTime.UtcNow));
                SweepFolder.WriteJson(plan.Folder.SlurmJobs, submitted);
                foreach (var r in runs) jobOf[r.Name] = jobId;
                sentNow.Add(jobId);
                report($"sent     {name} as job {jobId}: {string.Join(", ", runs.Select(r => r.Name))}{(after.Count == 0 ? "" : $" (after {string.Join(", ", after)})")}");
            }
        }
    }

    public static List<SubmittedArray> Submitted(RunPlan plan) => SweepFolder.ReadJson<List<SubmittedArray>>(plan.Folder.SlurmJobs) ?? [];

    /// <summary>Each run's latest Slurm task id (JOB_TASK), from the arrays sent so far.</summary>
    public static Dictionary<string, string> LatestTasks(IEnumerable<SubmittedArray> submitted)
    {
        var latest = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var array in submitted)
            for (var i = 0; i < array.Runs.Count; i++) latest[array.Runs[i]] = $"{array.JobId}_{i.ToString(CultureInfo.InvariantCulture)}";
        return latest;
    }

    /// <summary>Runs whose latest task is still queued or running, with the job id their dependants wait on.</summary>
    private static Dictionary<string, string> InFlight(RunPlan plan, List<SubmittedArray> submitted)
    {
        var latest = LatestTasks(submitted);
        var tasks = SlurmQueue.Tasks(latest.Values.Select(t => t.Split('_')[0]));
        return latest.Where(kv => plan.Runs.Any(r => r.Name == kv.Key) && tasks.TryGetValue(kv.Value, out var t) && t.Active)
            .ToDictionary(kv => kv.Key, kv => kv.Value.Split('_')[0], StringComparer.Ordinal);
    }
}
