using Workbench.Notebooks.Kernel;
using Workbench.Tests.EndToEnd;
using Workbench.Tests.Reference;

namespace Workbench.Tests.Notebooks.Kernel;

/// <summary>
/// A jupyter_client scenario against the real kernel process: the kernelspec, installed into a private
/// Jupyter folder, launches the CLI beside the tests (<c>dotnet Workbench.Cli.dll kernel -f ...</c>) with
/// the real C# session, started, driven and shut down by jupyter_client's KernelManager as Jupyter does.
/// The scenario has <c>km</c>, the client <c>c</c>, <see cref="JupyterClientScript.Helpers"/>, and fills
/// <c>out</c>, printed as JSON at its end.
/// </summary>
internal static class RealKernel
{
    private const string Prelude = """
        import atexit, json, sys, time
        from jupyter_client.manager import start_new_kernel

        # The first cell loads the compiler: seconds on a busy machine.
        TIMEOUT = 60
        km, c = start_new_kernel(kernel_name="csharp-workbench", startup_timeout=90)
        out = {}

        def finish():
            print(json.dumps(out, default=str), flush=True)
            c.stop_channels()
            km.shutdown_kernel(now=False)
        atexit.register(finish)

        """;

    public static string Run(string scenario, TimeSpan timeout)
    {
        using var scratch = new TempFolder();
        var jupyter = scratch["jupyter"];
        KernelSpec.Install(jupyter, ["dotnet", CliProcess.Dll, "kernel"]);
        using var python = SystemPython.Start(["-c", Prelude + JupyterClientScript.Helpers + scenario], new Dictionary<string, string>
        {
            ["JUPYTER_PATH"] = jupyter, ["JUPYTER_DATA_DIR"] = jupyter,
            ["JUPYTER_RUNTIME_DIR"] = scratch["runtime"], ["JUPYTER_CONFIG_DIR"] = scratch["config"],
        });
        var stdout = python.StandardOutput.ReadToEndAsync();
        var stderr = python.StandardError.ReadToEndAsync();
        if (!python.WaitForExit(timeout))
        {
            python.Kill(entireProcessTree: true);
            Assert.Fail($"the scenario did not finish within {timeout.TotalSeconds} s; stdout:\n{SystemPython.Await(stdout)}\nstderr:\n{SystemPython.Await(stderr)}");
        }
        python.WaitForExit();
        Assert.True(python.ExitCode == 0, $"the scenario exited with {python.ExitCode}; stdout:\n{SystemPython.Await(stdout)}\nstderr:\n{SystemPython.Await(stderr)}");
        return SystemPython.Await(stdout);
    }
}
