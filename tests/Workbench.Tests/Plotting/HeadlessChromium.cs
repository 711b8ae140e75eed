using System.Diagnostics;

namespace Workbench.Tests.Plotting;

/// <summary>
/// Debian's Chromium, headless: loads a local page, lets it run for a budget of virtual time
/// (timers fast-forward, so plotly's asynchronous drawing finishes without real waiting), and
/// returns the DOM as it then stands.
/// </summary>
internal static class HeadlessChromium
{
    public const string Executable = "/usr/bin/chromium";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static string DumpDom(string htmlPath)
    {
        Assert.True(File.Exists(Executable), $"{Executable} is missing: the figure tests need Debian's chromium (./workbench setup installs it)");
        // A fresh profile: a shared or default one can be locked by another Chromium or carry state between runs.
        using var profile = new TempFolder();
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            // Containers often have a tiny /dev/shm, where Chromium's renderer can crash.
            "--disable-dev-shm-usage",
            // No name resolves: the page must draw with nothing but itself.
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--user-data-dir=" + profile.Path,
            "--virtual-time-budget=10000",
            "--dump-dom",
            new Uri(htmlPath).AbsoluteUri,
        })
            start.ArgumentList.Add(arg);

        using var process = Process.Start(start)!;
        // Read both pipes concurrently: the DOM (with the embedded plotly.js) is megabytes, and a full pipe blocks Chromium.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{Executable} did not finish within {Timeout.TotalSeconds} s; stderr:\n{Await(stderr)}");
        }
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{Executable} exited with {process.ExitCode}; stderr:\n{Await(stderr)}");
        return Await(stdout);
    }

    private static string Await(Task<string> text) => text.Wait(TimeSpan.FromSeconds(10)) ? text.Result : "(unavailable)";
}
