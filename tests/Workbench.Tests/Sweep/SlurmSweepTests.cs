using Workbench.Cli.Sweep;
using static Workbench.Tests.Sweep.SweepChecks;

namespace Workbench.Tests.Sweep;

/// <summary>
/// Plans sent to a real single-node Slurm: job arrays per wave held by afterok, status from Slurm's own state, a
/// task cancelled with scancel that resumes when the plan is sent again, a failing task reported with its log,
/// and a refusal by sbatch. The smoke plan's checkpoints equal those of a local sweep.
/// </summary>
public sealed class SlurmSweepTests(SingleNodeSlurm slurm) : IClassFixture<SingleNodeSlurm>, IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose()
    {
        // The cluster is this fixture's own: whatever a test left queued goes.
        ExternalCommand.Run("scancel", "--user", Environment.UserName);
        folder.Dispose();
    }

    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);

    [Fact]
    public void TheSmokePlanFinishesOnSlurmWithTheCheckpointsOfALocalSweep()
    {
        Assert.True(File.Exists(slurm.Conf));
        var (exit, stdout, stderr) = RunSweep(Smoke, "--slurm", "--root", folder["A"]);
        Assert.True(exit == 0, stdout + stderr);
        Assert.Matches(@"sent     smoke-w0 as job \d+: baseline", stdout);
        Assert.Matches(@"sent     smoke-w1 as job \d+: prune-0.3, prune-0.5 \(after \d+\)", stdout);
        WaitFor(Smoke, folder["A"], s => s.Any(r => r.Detail.Contains("PENDING (Dependency)")) || AllDone(s), Patience);
        // Sent again while queued: nothing is sent twice.
        (exit, stdout, stderr) = RunSweep(Smoke, "--slurm", "--root", folder["A"]);
        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("to send in 0 wave(s)", stdout);
        WaitFor(Smoke, folder["A"], AllDone, Patience);
        (exit, stdout, _) = RunSweep("status", Smoke, "--root", folder["A"]);
        Assert.Equal(0, exit);
        Assert.Matches(@"baseline   done     test accuracy \d+\.\d\d %", stdout);
        Assert.Contains("3 runs: 3 done", stdout);

        (exit, stdout, stderr) = RunSweep(Smoke, "--workers", "2", "--root", folder["B"]);
        Assert.True(exit == 0, stdout + stderr);
        // Two workers: both prunings start once the baseline is done, before either ends.
        var firstPruneDone = stdout.IndexOf("done     prune-", StringComparison.Ordinal);
        Assert.True(stdout.IndexOf("started  prune-0.3", StringComparison.Ordinal) is > 0 and var a && a < firstPruneDone
                    && stdout.IndexOf("started  prune-0.5", StringComparison.Ordinal) is > 0 and var b && b < firstPruneDone, stdout);
        foreach (var file in new[] { "convnet", "prune-0.3", "prune-0.5" })
            SameCheckpoint(folder[$"B/smoke/{file}.safetensors"], folder[$"A/smoke/{file}.safetensors"]);
    }

    [Fact]
    public void ATaskCancelledWithScancelResumesWhenThePlanIsSentAgain()
    {
        var plan = folder.Write("long.toml", """
            [runs.long]
            verb = "train"
            out = "long.safetensors"
            options = { model = "convnet", width = 0.125, epochs = 4, limit = 1500, validation = 500, seed = 3, device = "cpu" }
            """u8.ToArray());
        var metrics = folder["A/long.metrics.json"];
        var (exit, stdout, stderr) = RunSweep(plan, "--slurm", "--root", folder["A"]);
        Assert.True(exit == 0, stdout + stderr);
        var job = System.Text.RegularExpressions.Regex.Match(stdout, @"as job (\d+)").Groups[1].Value;
        var deadline = DateTime.UtcNow + Patience;
        while (!(File.Exists(metrics) && Json(metrics).GetProperty("epochs").GetArrayLength() >= 1))
        {
            Assert.True(DateTime.UtcNow < deadline, "the first epoch never came");
            Thread.Sleep(200);
        }
        Assert.Equal(RunState.Running, PlanStatus.Of(PlanReader.Read(plan, folder["A"]))[0].State);
        Assert.True(ExternalCommand.Run("scancel", job).Succeeded);
        var cancelled = WaitFor(plan, folder["A"], s => s[0].State == RunState.Failed, Patience);
        Assert.Contains("CANCELLED", cancelled[0].Detail);
        Assert.True(Json(metrics).GetProperty("epochs").GetArrayLength() < 4, "the run finished before it was cancelled");

        (exit, stdout, stderr) = RunSweep(plan, "--slurm", "--root", folder["A"]);
        Assert.True(exit == 0, stdout + stderr);
        WaitFor(plan, folder["A"], AllDone, Patience);
        Assert.Matches(@"resuming from epoch [234]/4", File.ReadAllText(folder["A/long.sweep/long.log"]));
        Assert.Equal(4, Json(metrics).GetProperty("epochs").GetArrayLength());

        // An uninterrupted run makes the same network: the resumed one lost nothing and repeated nothing.
        (exit, stdout, stderr) = RunSweep(plan, "--root", folder["B"]);
        Assert.True(exit == 0, stdout + stderr);
        SameCheckpoint(folder["B/long.safetensors"], folder["A/long.safetensors"]);
    }

    [Fact]
    public void AFailingTaskIsReportedWithItsLogAndItsDependantsWait()
    {
        var plan = folder.Write("bad.toml", System.Text.Encoding.UTF8.GetBytes(FailingRuns));
        var (exit, stdout, stderr) = RunSweep(plan, "--slurm", "--root", folder["A"]);
        Assert.True(exit == 0, stdout + stderr);
        var statuses = WaitFor(plan, folder["A"], s => s[0].State == RunState.Failed && s[1].Detail.Contains("DependencyNeverSatisfied"), Patience);
        Assert.Contains($"exit code 1 on {Environment.MachineName}, Slurm job ", statuses[0].Detail);
        Assert.Contains($"log {folder["A/bad.sweep/bad.log"]}", statuses[0].Detail);
        Assert.Contains("no-such-checkpoint.safetensors", File.ReadAllText(folder["A/bad.sweep/bad.log"]));
        Assert.Equal(RunState.Waiting, statuses[1].State);
        (exit, stdout, _) = RunSweep("status", plan, "--root", folder["A"]);
        Assert.Matches(@"bad        failed   exit code 1 on .*Slurm job \d+_0", stdout);
    }

    [Fact]
    public void APartitionSbatchRefusesIsReportedWithItsMessageAndNothingIsRecorded()
    {
        var (exit, stdout, stderr) = RunSweep(Smoke, "--slurm", "--partition", "no-such-partition", "--root", folder["A"]);
        Assert.Equal(1, exit);
        Assert.Contains("error: sbatch refused", stderr);
        Assert.Contains("invalid partition", stderr, StringComparison.OrdinalIgnoreCase);
        Assert.False(File.Exists(folder["A/smoke.sweep/slurm-jobs.json"]), stdout);
    }
}
