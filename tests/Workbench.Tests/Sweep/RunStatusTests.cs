using System.Diagnostics;
using Workbench.Cli.Sweep;

namespace Workbench.Tests.Sweep;

/// <summary>How status reads a local sweep's records: a live run is running, a dead one's record is not believed, a failure names its log.</summary>
public sealed class RunStatusTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private RunPlan Plan()
    {
        var file = folder.Write("p.toml", "[runs.a]\nverb = \"train\"\nout = \"a.safetensors\"\n[runs.b]\nverb = \"prune\"\nargs = [\"{a}\"]\nout = \"b.safetensors\""u8.ToArray());
        return PlanReader.Read(file, folder["out"]);
    }

    [Fact]
    public void ARunRecordedByALiveProcessIsRunningAndOneWhoseProcessEndedIsNot()
    {
        var plan = Plan();
        SweepFolder.WriteJson(plan.Folder.Running("a"), new RunningRun(Environment.MachineName, Environment.ProcessId, DateTime.UtcNow));
        Assert.Equal(RunState.Running, RunStatus.Of(plan, plan["a"]).State);

        using var ended = Process.Start("true")!;
        ended.WaitForExit();
        SweepFolder.WriteJson(plan.Folder.Running("a"), new RunningRun(Environment.MachineName, ended.Id, DateTime.UtcNow));
        Assert.Equal(RunState.Waiting, RunStatus.Of(plan, plan["a"]).State);

        // Another machine's run cannot be checked from here: its record is believed.
        SweepFolder.WriteJson(plan.Folder.Running("a"), new RunningRun("elsewhere", ended.Id, DateTime.UtcNow));
        Assert.Equal("on elsewhere, pid " + ended.Id, RunStatus.Of(plan, plan["a"]).Detail[..("on elsewhere, pid " + ended.Id).Length]);
    }

    [Fact]
    public void AFailureNamesItsExitCodeAndLogAndItsDependantsWaitForIt()
    {
        var plan = Plan();
        SweepFolder.WriteJson(plan.Folder.Failed("a"), new FailedRun(3, "node7", DateTime.UtcNow, plan.Folder.Log("a"), "12_0"));
        var a = RunStatus.Of(plan, plan["a"]);
        Assert.Equal(RunState.Failed, a.State);
        Assert.Equal($"exit code 3 on node7, Slurm job 12_0; log {plan.Folder.Log("a")}", a.Detail);
        Assert.Equal("needs a", RunStatus.Of(plan, plan["b"]).Detail);
    }

    [Fact]
    public void TrainingIsDoneOnlyOnceItsMetricsCarryTheTestResult()
    {
        var plan = Plan();
        Directory.CreateDirectory(folder["out"]);
        File.WriteAllText(folder["out/a.metrics.json"], """{"epochs": [{"Epoch": 0}], "test": null}""");
        Assert.Equal(RunState.Waiting, RunStatus.Of(plan, plan["a"]).State);
        File.WriteAllText(folder["out/a.metrics.json"], """{"epochs": [{"Epoch": 0}], "test": {"Accuracy": 0.9125}}""");
        Assert.Equal(new RunStatus(plan["a"], RunState.Done, "test accuracy 91.25 %"), RunStatus.Of(plan, plan["a"]));
    }
}
