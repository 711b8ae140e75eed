using System.Diagnostics;

namespace Workbench.Tests.EndToEnd;

/// <summary>Runs the real command-line program (the Workbench.Cli.dll built beside the tests) as a user's shell would.</summary>
internal static class CliProcess
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "Workbench.Cli.dll");

    public static (int ExitCode, string Stdout, string Stderr) Run(TimeSpan timeout, params string[] arguments) =>
        Run(timeout, new Dictionary<string, string>(), arguments);

    /// <summary>The same, with <paramref name="environment"/> added to the process's environment.</summary>
    public static (int ExitCode, string Stdout, string Stderr) Run(TimeSpan timeout, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (name, value) in environment) start.Environment[name] = value;
        start.ArgumentList.Add(Dll);
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"workbench {string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds} s");
        }
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>
    /// Starts the program and kills it (as kill -9 would) as soon as a line of its output satisfies
    /// <paramref name="killAfter"/>: an interruption at a known point. Returns the output up to then.
    /// </summary>
    public static string RunAndKill(TimeSpan timeout, Func<string, bool> killAfter, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Dll);
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var seen = new System.Text.StringBuilder();
        var deadline = DateTime.UtcNow + timeout;
        while (process.StandardOutput.ReadLine() is { } line)
        {
            seen.AppendLine(line);
            if (killAfter(line))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                return seen.ToString();
            }
            if (DateTime.UtcNow > deadline) break;
        }
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
        Assert.Fail($"workbench {string.Join(' ', arguments)} ended (or ran past {timeout.TotalSeconds} s) before the line to stop at; output:\n{seen}\nstderr:\n{stderr.Result}");
        return "";
    }
}
