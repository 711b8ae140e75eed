using System.Diagnostics;

namespace Workbench.Tests.Reference;

/// <summary>
/// Runs Debian's system Python, which has python3-torch and jupyter_client (from jupyter-nbconvert): the
/// independent references and the real Jupyter client the tests use. The python3 first on PATH may be
/// another interpreter without them, hence the absolute path.
/// </summary>
public static class SystemPython
{
    public const string Interpreter = "/usr/bin/python3";

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs <paramref name="script"/> with <paramref name="args"/>; returns stdout, or fails with the exit code and stderr.</summary>
    public static string Run(string script, params string[] args)
    {
        using var process = Start(["-c", script, .. args]);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{Interpreter} did not finish within {Timeout.TotalSeconds} s; stdout:\n{Await(stdout)}\nstderr:\n{Await(stderr)}");
        }
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{Interpreter} exited with {process.ExitCode}; stdout:\n{Await(stdout)}\nstderr:\n{Await(stderr)}");
        return Await(stdout);
    }

    /// <summary>Starts the interpreter with redirected output; the caller reads both pipes and waits.</summary>
    public static Process Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        Assert.True(File.Exists(Interpreter), $"{Interpreter} is missing: these tests need Debian's python3 (python3-torch, jupyter-nbconvert); run ./workbench setup");
        var start = new ProcessStartInfo(Interpreter) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        start.Environment["PYTHONIOENCODING"] = "utf-8";
        // One thread is plenty for the tests' tiny tensors and spares the shared machine.
        start.Environment["OMP_NUM_THREADS"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        return Process.Start(start)!;
    }

    public static string Await(Task<string> text) => text.Wait(TimeSpan.FromSeconds(5)) ? text.Result : "(unavailable)";
}
