namespace Workbench.Cli.Sweep;

/// <summary>
/// Where every run of a plan stands, from the output folders and sweep's records, and, for a plan sent to Slurm,
/// from Slurm's own account of its tasks. A finished output outranks everything; then a task Slurm still holds;
/// then a recorded failure; then how Slurm says the task ended.
/// </summary>
internal static class PlanStatus
{
    public static List<RunStatus> Of(RunPlan plan)
    {
        var local = plan.Runs.Select(r => RunStatus.Of(plan, r)).ToList();
        var latest = SlurmSweep.LatestTasks(SlurmSweep.Submitted(plan));
        if (latest.Count == 0) return local;
        var tasks = SlurmQueue.Tasks(latest.Values.Select(t => t.Split('_')[0]));
        return local.Select(status =>
        {
            if (status.State == RunState.Done || !latest.TryGetValue(status.Run.Name, out var id)) return status;
            if (!tasks.TryGetValue(id, out var task)) return status with { Detail = Join(status.Detail, $"Slurm task {id}: no longer known to Slurm") };
            var slurm = $"Slurm task {id} {task.State}{(task.Reason is "" or "None" ? "" : $" ({task.Reason})")}";
            return task switch
            {
                { State: "RUNNING" or "COMPLETING" or "CONFIGURING" } => new RunStatus(status.Run, RunState.Running, slurm),
                { Active: true } => new RunStatus(status.Run, RunState.Waiting, Join(slurm, status.Detail)),
                _ when status.State == RunState.Failed => status with { Detail = Join(status.Detail, slurm) },
                { State: "COMPLETED" } => new RunStatus(status.Run, RunState.Failed, $"{slurm}, but without its result; log {plan.Folder.Log(status.Run.Name)}"),
                _ => new RunStatus(status.Run, RunState.Failed, $"{slurm}; log {plan.Folder.Log(status.Run.Name)}"),
            };
        }).ToList();
    }

    private static string Join(string a, string b) => a.Length == 0 ? b : b.Length == 0 ? a : $"{a}; {b}";
}
