namespace Workbench.Cli;

/// <summary>
/// After a command returns, .NET waits for every foreground thread before the process exits. A notebook cell
/// that starts <c>new Thread(...)</c> without <c>IsBackground</c> and leaves it running kept <c>workbench run</c>
/// alive for good after its last cell, with nothing said. Once the command is done, a short grace is given;
/// a process still alive after it is held by such a thread, and is ended with the command's exit code.
/// </summary>
internal static class LingeringThreads
{
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);

    /// <summary>Arms the watch; call as the command returns. A process that exits normally never sees it fire.</summary>
    public static void EndProcessAfterGrace(int exitCode)
    {
        var watch = new Thread(() =>
        {
            Thread.Sleep(Grace);
            Console.Error.WriteLine($"workbench: the command finished (exit code {exitCode}), but a foreground thread it started " +
                "(a notebook cell's new Thread(...) without IsBackground = true) is still running; ending the process without it");
            Environment.Exit(exitCode);
        })
        { IsBackground = true, Name = "lingering-thread watch" };
        watch.Start();
    }
}
