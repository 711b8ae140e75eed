using Workbench.Checkpoints;
using static Workbench.Tests.Sweep.SweepChecks;

namespace Workbench.Tests.Sweep;

/// <summary>Plans run on this machine through the real CLI: failures reported with their logs, nothing else stopped, and plans refused before anything runs.</summary>
public sealed class LocalSweepTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private const string Failing = FailingRuns + """
        [runs.good]
        verb = "train"
        out = "good.safetensors"
        options = { model = "convnet", width = 0.125, epochs = 1, limit = 64, validation = 32, device = "cpu" }
        """;

    [Fact]
    public void AFailedRunIsReportedWithItsLogAndStopsOnlyTheRunsThatNeedIt()
    {
        var plan = folder.Write("failing.toml", System.Text.Encoding.UTF8.GetBytes(Failing));
        var (exit, stdout, stderr) = RunSweep(plan, "--workers", "2", "--root", folder["out"]);
        Assert.True(exit == 1, stdout + stderr);
        Assert.Contains($"FAILED   bad: exit code 1; the end of {folder["out/failing.sweep/bad.log"]}:", stdout);
        Assert.Contains("no-such-checkpoint.safetensors", stdout);
        Assert.Contains("not run  needs-bad: needs bad, which failed", stdout);
        Assert.Matches(@"done     good \(\d+ s\): test accuracy", stdout);
        Assert.Contains("sweep failing: 1 of 3 done, 1 failed, 1 not run", stdout);

        (exit, stdout, _) = RunSweep("status", plan, "--root", folder["out"]);
        Assert.Equal(0, exit);
        Assert.Matches($@"bad        failed   exit code 1 on {Environment.MachineName}; log .*bad\.log", stdout);
        Assert.Contains("needs-bad  waiting  needs bad", stdout);
        Assert.Matches(@"good       done     test accuracy \d+\.\d\d %", stdout);

        // Started again: the finished run is skipped, the failed one tried again.
        (exit, stdout, _) = RunSweep(plan, "--root", folder["out"]);
        Assert.Equal(1, exit);
        Assert.Contains("3 runs, 1 done already, 2 to run", stdout);
        Assert.DoesNotContain("started  good", stdout);
    }

    [Fact]
    public void ASecondSweepOfAPlanThatIsRunningIsRefused()
    {
        var plan = folder.Write("failing.toml", System.Text.Encoding.UTF8.GetBytes(Failing));
        using var running = OutputLock.Take(folder["out/failing.sweep/sweep"]);
        var (exit, stdout, stderr) = RunSweep(plan, "--root", folder["out"]);
        Assert.Equal(1, exit);
        Assert.Contains($"error: another sweep of {plan} is running with root {folder["out"]}", stderr);
        Assert.DoesNotContain("started", stdout);
    }

    [Theory]
    [InlineData("options = { model = \"convnet\", epoch = 3 }", "run 'a', key 'options.epoch': 'train' has no option --epoch (it has ")]
    [InlineData("options = { model = \"convnet\", epochs = \"three\" }", "run 'a': workbench train would refuse it: Cannot parse argument 'three' for option '--epochs'")]
    [InlineData("options = { model = \"convnet\", epochs = 0 }", "run 'a': workbench train would refuse it: --epochs must be positive")]
    public void ACommandTheVerbWouldRefuseIsRefusedBeforeAnythingRuns(string options, string expected)
    {
        var plan = folder.Write("plan.toml", System.Text.Encoding.UTF8.GetBytes($"[runs.a]\nverb = \"train\"\nout = \"a.safetensors\"\n{options}"));
        var (exit, stdout, stderr) = RunSweep(plan, "--root", folder["out"]);
        Assert.Equal(1, exit);
        Assert.Contains(expected, stderr);
        Assert.False(Directory.Exists(folder["out"]), stdout);
    }

    [Fact]
    public void WithoutSbatchSlurmIsRefusedNamingWhatIsMissing()
    {
        var (exit, _, stderr) = EndToEnd.CliProcess.Run(TimeSpan.FromMinutes(2), new Dictionary<string, string> { ["PATH"] = "/nonexistent" },
            "sweep", Smoke, "--slurm", "--root", folder["out"]);
        Assert.Equal(1, exit);
        Assert.Contains("error: sbatch not found on PATH: --slurm sends the plan through Slurm's own commands", stderr);
    }

    [Fact]
    public void ADryRunPrintsTheSbatchScriptsInWavesAndSendsNothing()
    {
        var (exit, stdout, stderr) = RunSweep(Smoke, "--slurm", "--dry-run", "--time", "00:05:00", "--root", folder["out"]);
        Assert.True(exit == 0, stderr);
        Assert.Contains("# sbatch --parsable --dependency=afterok:<smoke-w0>", stdout);
        Assert.Contains("#SBATCH --array=0-1", stdout);
        Assert.Contains("#SBATCH --time=00:05:00", stdout);
        Assert.Contains("#SBATCH --cpus-per-task=1", stdout);
        Assert.False(Directory.Exists(folder["out"]));
    }
}
