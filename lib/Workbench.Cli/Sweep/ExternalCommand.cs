using System.ComponentModel;
using System.Diagnostics;

namespace Workbench.Cli.Sweep;

/// <summary>What a program printed and how it exited; <see cref="Found"/> is false when it is not on PATH.</summary>
internal sealed record CommandResult(bool Found, int ExitCode, string Output, string Error)
{
    public bool Succeeded => Found && ExitCode == 0;
}

/// <summary>Runs Slurm's own commands (sbatch, squeue, scontrol, sacct) and hands back what they said.</summary>
internal static class ExternalCommand
{
    public static CommandResult Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return new CommandResult(true, process.ExitCode, output, error.Result);
        }
        catch (Win32Exception)
        {
            return new CommandResult(false, -1, "", $"{program} not found on PATH");
        }
    }
}
