using System.Text.Json.Nodes;
using Workbench.Notebooks.Kernel;
using Workbench.Tests.Reference;

namespace Workbench.Tests.EndToEnd;

/// <summary>
/// The classic Notebook (Debian's jupyter-notebook) in headless Chromium, on the real kernel: a chart cell
/// runs and draws, the page is reloaded (a new page on the same kernel, as a second front end would be),
/// and a second chart cell must draw too: the kernel sends plotly.js to every page, not only to the first
/// figure of its process. The notebook saved from the reloaded page then holds plotly.js exactly once.
/// Chromium is driven over its DevTools protocol from Python (tornado's websocket client). Serial: Chromium
/// is heavy on a 2-core machine.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class ClassicNotebookReloadTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private const string Notebook = """
        {"nbformat": 4, "nbformat_minor": 5,
         "metadata": {"kernelspec": {"name": "csharp-workbench", "display_name": "C# (Workbench)", "language": "csharp"}},
         "cells": [
          {"cell_type": "code", "id": "c1", "metadata": {}, "execution_count": null, "outputs": [],
           "source": "Chart.Line<double, double, string>(new[] { 1.0, 2, 3 }, new[] { 2.0, 1, 3 }, Name: \"before the reload\")"},
          {"cell_type": "code", "id": "c2", "metadata": {}, "execution_count": null, "outputs": [],
           "source": "Chart.Line<double, double, string>(new[] { 1.0, 2, 3 }, new[] { 3.0, 1, 2 }, Name: \"after the reload\")"}
         ]}
        """;

    private const string Driver = """
        import json, os, socket, subprocess, sys, time, urllib.request
        from tornado.ioloop import IOLoop
        from tornado.websocket import websocket_connect

        work, log = sys.argv[1], open(sys.argv[2], "w")
        out = {}

        def free_port():
            s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close(); return port

        def poll(what, check, seconds):
            deadline = time.time() + seconds
            while time.time() < deadline:
                try:
                    value = check()
                    if value:
                        return value
                except Exception:
                    pass
                time.sleep(0.25)
            raise RuntimeError("timed out waiting for " + what)

        nb_port, cdp_port, token = free_port(), free_port(), "reload-test"
        server = subprocess.Popen([sys.executable, "-m", "notebook", "--no-browser", "--ip=127.0.0.1", "--port=%d" % nb_port,
                                   "--NotebookApp.token=" + token, "--notebook-dir=" + work, "--allow-root"], stdout=log, stderr=log)
        chrome = subprocess.Popen(["/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                                   "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                                   "--remote-debugging-port=%d" % cdp_port, "--remote-allow-origins=*",
                                   "--user-data-dir=" + os.path.join(work, "profile"), "about:blank"], stdout=log, stderr=log)
        try:
            base = "http://127.0.0.1:%d" % nb_port
            poll("the notebook server", lambda: urllib.request.urlopen(base + "/api/status?token=" + token).status == 200, 60)
            targets = poll("chromium", lambda: json.load(urllib.request.urlopen("http://127.0.0.1:%d/json/list" % cdp_port)), 60)
            page = [t for t in targets if t["type"] == "page"][0]["webSocketDebuggerUrl"]

            loop = IOLoop.current()
            ws = loop.run_sync(lambda: websocket_connect(page, max_message_size=64 << 20))
            ids = [0]
            def call(method, **params):
                ids[0] += 1
                me = ids[0]
                async def go():
                    await ws.write_message(json.dumps({"id": me, "method": method, "params": params}))
                    while True:
                        message = await ws.read_message()
                        if message is None:
                            raise RuntimeError("devtools closed")
                        reply = json.loads(message)
                        if reply.get("id") == me:
                            return reply
                return loop.run_sync(go, timeout=60)
            def js(expression):
                return call("Runtime.evaluate", expression=expression, returnByValue=True)["result"]["result"].get("value")

            ready = "!window.leftBehind && window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected()"
            def drawn(cell):
                return "document.querySelectorAll('.cell')[%d].querySelectorAll('.output [data-workbench-plot] svg.main-svg').length > 0" % cell
            def shown(cell):
                return "document.querySelectorAll('.cell')[%d].querySelectorAll('.output [data-workbench-plot]').length > 0" % cell
            def session():
                return js("Jupyter.notebook.kernel.session_id")

            call("Page.navigate", url=base + "/notebooks/figures.ipynb?token=" + token)
            poll("the first page's kernel", lambda: js(ready), 90)
            out["first_session"] = session()
            js("Jupyter.notebook.execute_cells([0]); true")
            poll("the first chart", lambda: js(drawn(0)), 90)
            out["first_drawn"] = True

            # Reload without the "leave page?" question; the flag tells the old page from the new one.
            js("Jupyter.notebook.set_dirty(false); window.onbeforeunload = null; window.leftBehind = true; true")
            call("Page.reload", ignoreCache=True)
            poll("the reloaded page's kernel", lambda: js(ready), 90)
            out["second_session"] = session()
            js("Jupyter.notebook.execute_cells([1]); true")
            poll("the second chart's output", lambda: js(shown(1)), 90)
            # plotly.js, when it came, draws within a second; the figure's own script gives up after 10 s.
            try:
                poll("the second chart to draw", lambda: js(drawn(1)), 15)
                out["second_drawn"] = True
            except RuntimeError:
                out["second_drawn"] = False
            js("Jupyter.notebook.save_notebook(); true")
            poll("the save", lambda: js("!Jupyter.notebook.dirty"), 30)
        finally:
            print(json.dumps(out), flush=True)
            chrome.kill()
            # Stops the kernels it started too.
            server.terminate()
            try:
                server.wait(20)
            except subprocess.TimeoutExpired:
                server.kill()
        """;

    [Fact]
    public void AChartAfterAPageReloadDrawsAndTheSavedNotebookHoldsPlotlyJsOnce()
    {
        Assert.True(File.Exists("/usr/bin/chromium"), "the test needs Debian's chromium (./workbench setup installs it)");
        Assert.True(Directory.Exists("/usr/lib/python3/dist-packages/notebook"), "the test needs Debian's jupyter-notebook, the classic Notebook (./workbench setup installs it)");
        var work = folder["work"];
        Directory.CreateDirectory(work);
        File.WriteAllText(Path.Combine(work, "figures.ipynb"), Notebook);
        var jupyter = folder["jupyter"];
        KernelSpec.Install(jupyter, ["dotnet", CliProcess.Dll, "kernel"]);

        using var python = SystemPython.Start(["-c", Driver, work, folder["server.log"]], new Dictionary<string, string>
        {
            ["JUPYTER_PATH"] = jupyter, ["JUPYTER_DATA_DIR"] = jupyter,
            ["JUPYTER_RUNTIME_DIR"] = folder["runtime"], ["JUPYTER_CONFIG_DIR"] = folder["config"],
        });
        var stdout = python.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = python.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        if (!python.WaitForExit(Timeout)) python.Kill(entireProcessTree: true);
        python.WaitForExit();
        var log = File.Exists(folder["server.log"]) ? File.ReadAllText(folder["server.log"]) : "";
        var tail = log.Length > 6000 ? log[^6000..] : log;
        Assert.True(python.ExitCode == 0, $"the driver failed ({python.ExitCode}); stdout:\n{SystemPython.Await(stdout)}\nstderr:\n{SystemPython.Await(stderr)}\nserver log:\n{tail}");

        var result = JsonNode.Parse(SystemPython.Await(stdout))!;
        Assert.NotEqual(result["first_session"]!.GetValue<string>(), result["second_session"]!.GetValue<string>());
        Assert.True(result["first_drawn"]!.GetValue<bool>());
        Assert.True(result["second_drawn"]!.GetValue<bool>(), "the chart shown after the reload drew an empty box");

        // Saved from the reloaded page: its one figure carries plotly.js, once.
        var saved = File.ReadAllText(Path.Combine(work, "figures.ipynb"));
        Assert.Equal(1, CountOf(saved, "<script " + Workbench.Plotting.PlotlyHtml.ScriptMarker));
    }

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
