using System.Diagnostics;

namespace Workbench.Cli.Sweep;

internal enum RunState { Done, Running, Failed, Waiting }

/// <summary>Where one run of a plan stands, and the detail that goes with it (its key figure, its log, what it waits for).</summary>
internal sealed record RunStatus(PlannedRun Run, RunState State, string Detail)
{
    /// <summary>What the output folders and sweep's records say, with no scheduler asked.</summary>
    public static RunStatus Of(RunPlan plan, PlannedRun run)
    {
        var verb = SweepVerbs.Find(run.Verb)!;
        if (verb.IsDone(run.Out)) return new(run, RunState.Done, verb.Figure(run.Out));
        if (SweepFolder.ReadJson<RunningRun>(plan.Folder.Running(run.Name)) is { } running && IsAlive(running))
            return new(run, RunState.Running, $"on {running.Host}, pid {running.Pid}, since {running.Started:u}");
        if (SweepFolder.ReadJson<FailedRun>(plan.Folder.Failed(run.Name)) is { } failed)
            return new(run, RunState.Failed, $"exit code {failed.ExitCode} on {failed.Host}{(failed.SlurmJob is null ? "" : $", Slurm job {failed.SlurmJob}")}; log {failed.Log}");
        var needs = run.DependsOn.Where(d => !plan[d].IsDone).ToList();
        return new(run, RunState.Waiting, needs.Count == 0 ? "" : $"needs {string.Join(", ", needs)}");
    }

    /// <summary>A run on another machine cannot be checked from here, so its record is believed.</summary>
    private static bool IsAlive(RunningRun running)
    {
        if (running.Host != Environment.MachineName) return true;
        try
        {
            using var process = Process.GetProcessById(running.Pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
