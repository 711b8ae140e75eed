using System.Text;
using Workbench.Tests.Notebooks;

namespace Workbench.Tests.EndToEnd;

/// <summary>
/// <c>workbench run</c> when a cell reaches outside the notebook (issue #31, item 6): a cell that leaves a
/// foreground thread running no longer keeps the process alive for good after the last cell, and a cell
/// that calls Environment.Exit ends the run with a message naming it, its progress line finished and the
/// outputs up to it saved. Both need the real process: each is about how the process ends.
/// </summary>
public sealed class RunProcessExitTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void AForegroundThreadLeftByACellDoesNotKeepTheRunAlive()
    {
        var path = folder.Write("thread.ipynb", Encoding.UTF8.GetBytes(JupyterNotebooks.OfCode(
            "new System.Threading.Thread(() => System.Threading.Thread.Sleep(-1)).Start();", "1 + 1")));
        var (exit, stdout, stderr) = CliProcess.Run(Timeout, "run", path, "-o", folder["out.ipynb"]);
        Assert.Equal(0, exit);
        Assert.Contains($"ran 2 cells in", stdout);
        Assert.Contains("a foreground thread it started (a notebook cell's new Thread(...) without IsBackground = true) is still running; ending the process without it", stderr);
        Assert.Equal("2", JupyterNotebooks.Outputs(folder["out.ipynb"])[1][0]!["data"]!["text/plain"]![0]!.GetValue<string>());
    }

    [Theory]
    [InlineData(3, 3)]
    [InlineData(0, 1)] // the run did not finish, so it must not look like a success
    public void EnvironmentExitInACellEndsTheRunNamingTheCellWithEarlierOutputsSaved(int cellCode, int expectedExit)
    {
        var path = folder.Write("exit.ipynb", Encoding.UTF8.GetBytes(JupyterNotebooks.OfCode(
            "Console.WriteLine(\"before\");", $"Console.WriteLine(\"leaving\");\nEnvironment.Exit({cellCode});", "Console.WriteLine(\"never\");")));
        var (exit, stdout, stderr) = CliProcess.Run(Timeout, "run", path, "-o", folder["out.ipynb"]);

        Assert.Equal(expectedExit, exit);
        Assert.Matches(@"\[2/3\] cell 2 \.\.\. failed after \d+\.\ds\n", stdout.Replace("\r", ""));
        Assert.DoesNotContain("[3/3]", stdout);
        Assert.StartsWith($"cell 2 failed: ProcessExit: the cell ended the process (Environment.Exit({cellCode})) before the run was done; the cells after it did not run\n", stderr.Replace("\r", ""));
        Assert.Contains($"wrote {folder["out.ipynb"]} with the outputs of the 2 cells that ran", stderr);
        var outputs = JupyterNotebooks.Outputs(folder["out.ipynb"]);
        Assert.Equal("before\n", outputs[0][0]!["text"]![0]!.GetValue<string>());
        Assert.Equal("leaving\n", outputs[1][0]!["text"]![0]!.GetValue<string>());
        Assert.Equal("ProcessExit", outputs[1][1]!["ename"]!.GetValue<string>());
        Assert.Empty(outputs[2]);
    }
}
