using Workbench.Tests.Reference;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Workbench.Notebooks.Kernel;

namespace Workbench.Tests.Notebooks.Kernel;

/// <summary>
/// <c>jupyter nbconvert --to notebook --execute</c> runs a notebook on the kernel end to end. Jupyter launches
/// kernels as processes, so the installed kernelspec starts a relay script: it hands the connection file
/// to this test, which serves it in-process with <see cref="FakeSession"/>s, and exits when told to.
/// </summary>
public sealed class NbconvertTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private const string Notebook = """
        {"nbformat": 4, "nbformat_minor": 5,
         "metadata": {"kernelspec": {"name": "csharp-workbench", "display_name": "C# (Workbench)", "language": "csharp"}},
         "cells": [
          {"cell_type": "markdown", "id": "m1", "metadata": {}, "source": "# A notebook"},
          {"cell_type": "code", "id": "c1", "metadata": {}, "execution_count": null, "outputs": [], "source": "print hello\nvalue 42"},
          {"cell_type": "code", "id": "c2", "metadata": {}, "execution_count": null, "outputs": [], "source": "display d1 first\nupdate d1 second"}
         ]}
        """;

    [Fact]
    public async Task NbconvertExecutesANotebookOnTheKernel()
    {
        var relay = folder.Write("relay.sh", System.Text.Encoding.UTF8.GetBytes($"""
            #!/bin/sh
            # Jupyter runs: relay.sh -f CONNECTION_FILE. Hand the file over, then live until told to stop (60 s at most).
            cp "$2" '{folder["connection.tmp"]}' && mv '{folder["connection.tmp"]}' '{folder["connection.json"]}'
            i=0
            while [ ! -e '{folder["stop"]}' ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done
            """));
        var data = folder["jupyter"];
        KernelSpec.Install(data, ["/bin/sh", relay]);
        var input = folder.Write("in.ipynb", System.Text.Encoding.UTF8.GetBytes(Notebook));

        using var nbconvert = SystemPython.Start(
            ["-m", "nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=60", "--output", folder["out.ipynb"], input],
            new Dictionary<string, string>
            {
                ["JUPYTER_PATH"] = data, ["JUPYTER_DATA_DIR"] = data,
                ["JUPYTER_RUNTIME_DIR"] = folder["runtime"], ["JUPYTER_CONFIG_DIR"] = folder["config"],
            });
        var stdout = nbconvert.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = nbconvert.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        try
        {
            var clock = Stopwatch.StartNew();
            while (!File.Exists(folder["connection.json"]) && !nbconvert.HasExited && clock.Elapsed < Timeout) Thread.Sleep(50);
            Assert.True(File.Exists(folder["connection.json"]), $"nbconvert never launched the kernel; stderr:\n{SystemPython.Await(stderr)}");

            var log = new LogCapture();
            using (var kernel = new KernelServer(ConnectionInfo.Load(folder["connection.json"]), () => new FakeSession(), new KernelOptions { RestartInProcess = false, Log = log }))
            {
                kernel.Start();
                await Task.WhenAny(kernel.ShutdownRequested, nbconvert.WaitForExitAsync(TestContext.Current.CancellationToken)).WaitAsync(Timeout, TestContext.Current.CancellationToken);
            }
            File.WriteAllText(folder["stop"], "");
            Assert.True(nbconvert.WaitForExit(Timeout), "nbconvert did not exit");
            nbconvert.WaitForExit();
            Assert.True(nbconvert.ExitCode == 0, $"nbconvert exited with {nbconvert.ExitCode}; stderr:\n{SystemPython.Await(stderr)}\nkernel log:\n{log}");
            Assert.DoesNotContain("dropped", log.ToString());
        }
        finally
        {
            File.WriteAllText(folder["stop"], "");
            if (!nbconvert.HasExited) nbconvert.Kill(entireProcessTree: true);
        }

        var cells = JsonNode.Parse(File.ReadAllText(folder["out.ipynb"]))!["cells"]!.AsArray();
        var first = cells[1]!;
        Assert.Equal(1, first["execution_count"]!.GetValue<int>());
        var outputs = first["outputs"]!.AsArray();
        Assert.Equal(["stream", "execute_result"], outputs.Select(o => o!["output_type"]!.GetValue<string>()));
        Assert.Equal("hello\n", string.Concat(Lines(outputs[0]!["text"])));
        Assert.Equal("42", string.Concat(Lines(outputs[1]!["data"]!["text/plain"])));
        // nbclient applied the update_display_data to the display with the same id.
        var display = cells[2]!["outputs"]!.AsArray().Single()!;
        Assert.Equal("display_data", display["output_type"]!.GetValue<string>());
        Assert.Equal("second", string.Concat(Lines(display["data"]!["text/plain"])));
    }

    // nbformat stores multi-line text either as one string or as a list of lines.
    private static IEnumerable<string> Lines(JsonNode? text) =>
        text is JsonArray lines ? lines.Select(l => l!.GetValue<string>()) : [text!.GetValue<string>()];
}
