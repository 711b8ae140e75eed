using System.Diagnostics;

namespace Workbench.Tests.Checkpoints;

/// <summary>
/// Runs Debian's system Python, which has PyTorch (python3-torch). The python3 first on PATH
/// may be another interpreter without torch, hence the absolute path.
/// </summary>
public static class PythonTorch
{
    public const string Interpreter = "/usr/bin/python3";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs <paramref name="script"/> with <paramref name="args"/>; returns stdout, or fails with the exit code and stderr.</summary>
    public static string Run(string script, params string[] args)
    {
        Assert.True(File.Exists(Interpreter), $"{Interpreter} is missing: this check needs Debian's python3 with python3-torch");
        var start = new ProcessStartInfo(Interpreter)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        start.Environment["PYTHONIOENCODING"] = "utf-8";
        // One thread is plenty for tiny tensors and spares the shared machine.
        start.Environment["OMP_NUM_THREADS"] = "1";

        using var process = Process.Start(start)!;
        // Read both pipes concurrently: a full stderr pipe would otherwise block the script forever.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{Interpreter} did not finish within {Timeout.TotalSeconds} s; stderr:\n{Await(stderr)}");
        }
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{Interpreter} exited with {process.ExitCode}; stderr:\n{Await(stderr)}");
        return Await(stdout);
    }

    private static string Await(Task<string> text) => text.Wait(TimeSpan.FromSeconds(5)) ? text.Result : "(unavailable)";
}
