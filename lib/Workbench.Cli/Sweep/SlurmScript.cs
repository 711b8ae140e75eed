using System.Text;
using System.Text.Json;

namespace Workbench.Cli.Sweep;

/// <summary>
/// The sbatch script of one job array: one task per run, each its verb's own resumable command, appending to the
/// run's log. A task requeued or resubmitted after a cancellation resumes where its run stopped, so the script asks
/// Slurm to requeue. On failure it leaves the same record a local sweep leaves, so status reads either the same way.
/// </summary>
internal static class SlurmScript
{
    public static string Write(RunPlan plan, string jobName, IReadOnlyList<PlannedRun> runs, SlurmResources resources)
    {
        var folder = plan.Folder.Path;
        var script = new StringBuilder();
        script.AppendLine("#!/bin/bash");
        script.AppendLine($"# Written by `workbench sweep {plan.File} --slurm`: {runs.Count} run(s) of plan {plan.Name} as one job array.");
        script.AppendLine($"#SBATCH --job-name={jobName}");
        script.AppendLine($"#SBATCH --array=0-{runs.Count - 1}");
        script.AppendLine($"#SBATCH --output={Path.Combine(folder, "slurm", "%x-%A_%a.out")}");
        script.AppendLine($"#SBATCH --chdir={Environment.CurrentDirectory}");
        script.AppendLine("#SBATCH --requeue");
        script.AppendLine("#SBATCH --open-mode=append");
        foreach (var option in resources.SbatchOptions()) script.AppendLine($"#SBATCH {option}");
        script.AppendLine("set -u");
        script.AppendLine($"folder={Quote(folder)}");
        script.AppendLine($"names=({string.Join(' ', runs.Select(r => Quote(r.Name)))})");
        script.AppendLine("case $SLURM_ARRAY_TASK_ID in");
        for (var i = 0; i < runs.Count; i++)
            script.AppendLine($"  {i}) command=({string.Join(' ', SelfInvocation.Command().Concat(runs[i].CommandLine).Select(Quote))})" +
                              $" log={Quote(plan.Folder.Log(runs[i].Name))} log_json={Quote(JsonSerializer.Serialize(plan.Folder.Log(runs[i].Name)))} ;;");
        script.AppendLine("  *) echo \"no run for array task $SLURM_ARRAY_TASK_ID\" >&2; exit 2 ;;");
        script.AppendLine("esac");
        script.AppendLine("name=${names[$SLURM_ARRAY_TASK_ID]}");
        script.AppendLine("job=${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}");
        script.AppendLine("rm -f \"$folder/$name.failed\"");
        script.AppendLine("echo \"== $name on $(hostname), Slurm job $job, $(date -u '+%F %TZ'): ${command[*]}\" >> \"$log\"");
        script.AppendLine("\"${command[@]}\" >> \"$log\" 2>&1");
        script.AppendLine("code=$?");
        script.AppendLine("if [ $code -ne 0 ]; then");
        script.AppendLine("  printf '{\"exitCode\": %d, \"host\": \"%s\", \"finished\": \"%s\", \"log\": %s, \"slurmJob\": \"%s\"}\\n' \\");
        script.AppendLine("    \"$code\" \"$(hostname)\" \"$(date -u +%FT%TZ)\" \"$log_json\" \"$job\" > \"$folder/$name.failed.tmp\" && mv \"$folder/$name.failed.tmp\" \"$folder/$name.failed\"");
        script.AppendLine("fi");
        script.AppendLine("exit $code");
        return script.ToString();
    }

    /// <summary>A word for bash, in single quotes, whatever it holds.</summary>
    public static string Quote(string word) => "'" + word.Replace("'", "'\\''") + "'";
}
