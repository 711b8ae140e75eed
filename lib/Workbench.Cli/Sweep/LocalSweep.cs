using System.Diagnostics;

namespace Workbench.Cli.Sweep;

/// <summary>
/// Runs a plan on this machine, up to <c>workers</c> runs at a time in dependency order. Each run is its verb's own
/// command in a process of its own, its output appended to its log, so a finished run is skipped and an
/// interrupted one resumes when the sweep is started again. A failed run is reported with the end of its log and
/// stops only the runs that need its output.
/// </summary>
internal sealed class LocalSweep(RunPlan plan, int workers, Action<string> report)
{
    /// <summary>Called as runs finish: (finished so far, all runs of the plan).</summary>
    public Action<int, int>? Progress { get; init; }

    private const int LogLinesShown = 15;

    public async Task<SweepOutcome> RunAsync(CancellationToken cancellation)
    {
        var done = plan.DoneRuns();
        if (done.Count == plan.Runs.Count)
        {
            // Nothing is written, so a plan pointed at committed results only confirms them.
            report($"sweep {plan.Name}: all {plan.Runs.Count} runs are done under {plan.Root}");
            return new SweepOutcome(done.Count, 0, 0);
        }
        Directory.CreateDirectory(plan.Folder.Path);
        using var claim = ClaimPlan();
        var failed = new HashSet<string>(StringComparer.Ordinal);
        var blocked = new HashSet<string>(StringComparer.Ordinal);
        var running = new Dictionary<Task<int>, (PlannedRun Run, Process Process, Stopwatch Clock)>();
        report($"sweep {plan.Name}: {plan.Runs.Count} runs, {done.Count} done already, {plan.Runs.Count - done.Count} to run with up to {workers} at a time; logs in {plan.Folder.Path}");
        Progress?.Invoke(done.Count, plan.Runs.Count);

        try
        {
            while (true)
            {
                foreach (var run in plan.Runs.Where(r => !done.Contains(r.Name) && !failed.Contains(r.Name) && !blocked.Contains(r.Name)))
                    if (run.DependsOn.FirstOrDefault(d => failed.Contains(d) || blocked.Contains(d)) is { } missing)
                    {
                        blocked.Add(run.Name);
                        report($"not run  {run.Name}: needs {missing}, which {(failed.Contains(missing) ? "failed" : "was not run")}");
                    }
                var started = running.Values.Select(v => v.Run.Name).ToHashSet(StringComparer.Ordinal);
                var ready = plan.Runs.Where(r => !done.Contains(r.Name) && !failed.Contains(r.Name) && !blocked.Contains(r.Name) && !started.Contains(r.Name)
                                                 && r.DependsOn.All(done.Contains));
                foreach (var run in ready.Take(workers - running.Count))
                {
                    var (task, process) = Start(run);
                    running[task] = (run, process, Stopwatch.StartNew());
                    report($"started  {run.Name}");
                }
                if (running.Count == 0) break;

                var finished = await Task.WhenAny(running.Keys).WaitAsync(cancellation);
                var (finishedRun, _, clock) = running[finished];
                running.Remove(finished);
                File.Delete(plan.Folder.Running(finishedRun.Name));
                var verb = SweepVerbs.Find(finishedRun.Verb)!;
                if (await finished == 0 && verb.IsDone(finishedRun.Out))
                {
                    done.Add(finishedRun.Name);
                    report($"done     {finishedRun.Name} ({clock.Elapsed.TotalSeconds:F0} s): {verb.Figure(finishedRun.Out)}");
                }
                else
                {
                    failed.Add(finishedRun.Name);
                    Fail(finishedRun, await finished);
                }
                Progress?.Invoke(done.Count + failed.Count, plan.Runs.Count);
            }
        }
        finally
        {
            // Interrupted: each run resumes from its last finished step when the sweep is started again.
            foreach (var (run, process, _) in running.Values)
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
                File.Delete(plan.Folder.Running(run.Name));
            }
        }
        return new SweepOutcome(done.Count, failed.Count, blocked.Count);
    }

    private (Task<int>, Process) Start(PlannedRun run)
    {
        File.Delete(plan.Folder.Failed(run.Name));
        var log = plan.Folder.Log(run.Name);
        File.AppendAllText(log, $"== {run.Name} on {Environment.MachineName}, {DateTime.UtcNow:u}: workbench {string.Join(' ', run.CommandLine)}\n");
        // The shell hands the log to the run itself, so the log is whole even if this sweep is killed.
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        foreach (var a in (string[])["-c", "log=$1; shift; exec \"$@\" >>\"$log\" 2>&1", "sh", log, .. SelfInvocation.Command(), .. run.CommandLine])
            start.ArgumentList.Add(a);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start run '{run.Name}'");
        SweepFolder.WriteJson(plan.Folder.Running(run.Name), new RunningRun(Environment.MachineName, process.Id, DateTime.UtcNow));
        return (WaitAsync(process), process);
    }

    private static async Task<int> WaitAsync(Process process)
    {
        await process.WaitForExitAsync(CancellationToken.None);
        return process.ExitCode;
    }

    private void Fail(PlannedRun run, int exitCode)
    {
        var log = plan.Folder.Log(run.Name);
        SweepFolder.WriteJson(plan.Folder.Failed(run.Name), new FailedRun(exitCode, Environment.MachineName, DateTime.UtcNow, log));
        var tail = File.ReadLines(log).TakeLast(LogLinesShown).Select(l => "    " + l);
        report($"FAILED   {run.Name}: exit code {exitCode}; the end of {log}:\n{string.Join('\n', tail)}");
    }

    private Checkpoints.OutputLock ClaimPlan()
    {
        try
        {
            return Checkpoints.OutputLock.Take(plan.Folder.Claim, "plan");
        }
        catch (IOException e)
        {
            throw new IOException($"another sweep of {plan.File} is running with root {plan.Root} ({e.Message})", e);
        }
    }
}

/// <summary>How a sweep ended: runs done (skipped ones included), failed, and not run because a run they need failed.</summary>
internal sealed record SweepOutcome(int Done, int Failed, int NotRun);
