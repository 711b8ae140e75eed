using Workbench.Notebooks.Kernel;
using Workbench.Tests.Reference;

namespace Workbench.Tests.EndToEnd;

/// <summary>
/// <c>jupyter nbconvert --execute</c> through the kernelspec installed into a private Jupyter folder, so
/// Jupyter launches the real kernel process (the CLI beside the tests) with the real C# session.
/// </summary>
internal static class Nbconvert
{
    public static void Execute(string input, string output, TempFolder scratch, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var jupyter = scratch["jupyter"];
        KernelSpec.Install(jupyter, ["dotnet", CliProcess.Dll, "kernel"]); // the spec appends -f {connection_file}
        var variables = new Dictionary<string, string>(environment ?? new Dictionary<string, string>())
        {
            ["JUPYTER_PATH"] = jupyter, ["JUPYTER_DATA_DIR"] = jupyter,
            ["JUPYTER_RUNTIME_DIR"] = scratch["runtime"], ["JUPYTER_CONFIG_DIR"] = scratch["config"],
        };
        using var nbconvert = SystemPython.Start(
            ["-m", "nbconvert", "--to", "notebook", "--execute", $"--ExecutePreprocessor.timeout={(int)timeout.TotalSeconds}", "--output", output, input], variables);
        var stderr = nbconvert.StandardError.ReadToEndAsync();
        if (!nbconvert.WaitForExit(timeout + TimeSpan.FromMinutes(1))) { nbconvert.Kill(entireProcessTree: true); Assert.Fail("nbconvert timed out"); }
        nbconvert.WaitForExit();
        Assert.True(nbconvert.ExitCode == 0, $"nbconvert failed:\n{SystemPython.Await(stderr)}");
    }

    /// <summary><c>jupyter nbconvert --to html</c> (the default lab template), without executing: how a saved notebook is shared.</summary>
    public static void ToHtml(string notebook, string html, TimeSpan timeout)
    {
        using var nbconvert = SystemPython.Start(["-m", "nbconvert", "--to", "html", "--output", html, notebook], new Dictionary<string, string>());
        var stderr = nbconvert.StandardError.ReadToEndAsync();
        if (!nbconvert.WaitForExit(timeout)) { nbconvert.Kill(entireProcessTree: true); Assert.Fail("nbconvert --to html timed out"); }
        nbconvert.WaitForExit();
        Assert.True(nbconvert.ExitCode == 0, $"nbconvert --to html failed:\n{SystemPython.Await(stderr)}");
    }
}
