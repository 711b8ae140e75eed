using System.Diagnostics;
using Workbench.Tests.EndToEnd;

namespace Workbench.Tests.Sweep;

/// <summary>
/// A real Slurm on this machine for the sweep tests: munged, slurmctld and slurmd started by
/// tests/Slurm/single-node-cluster.sh with their own configuration in a temporary folder, stopped at the end.
/// The Slurm commands find it through SLURM_CONF, set for this process and the runs it starts.
/// </summary>
public sealed class SingleNodeSlurm : IDisposable
{
    private readonly TempFolder folder = new();
    private readonly string script = ShippedNotebooks.RepoFile("tests/Slurm/single-node-cluster.sh");

    public string Conf { get; }

    public SingleNodeSlurm()
    {
        var (exit, output) = Bash("start");
        if (exit != 0) throw new InvalidOperationException($"the single-node Slurm did not start (exit {exit}):\n{output}");
        Conf = folder["slurm.conf"];
        Environment.SetEnvironmentVariable("SLURM_CONF", Conf);
    }

    public void Dispose()
    {
        Bash("stop");
        Environment.SetEnvironmentVariable("SLURM_CONF", null);
        folder.Dispose();
    }

    private (int, string) Bash(string verb)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { script, verb, folder.Path }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }
}
