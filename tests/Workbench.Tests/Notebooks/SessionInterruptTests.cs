using System.Diagnostics;
using System.Text;
using Workbench.Notebooks.Execution;
using Workbench.Notebooks.Running;

namespace Workbench.Tests.Notebooks;

/// <summary>
/// Interrupting cancels the process-wide <see cref="Interrupt"/> token, which the trainer checks: these
/// tests run alone so no other test's training sees it.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class SessionInterruptTests
{
    [Fact]
    public async Task ACooperativeLoopStopsAsInterruptedAndTheNextCellRuns()
    {
        using var session = new CSharpSession();
        await session.ExecuteAsync("var survivor = 41;", new RecordingSink(), TestContext.Current.CancellationToken);
        using var cancel = new CancellationTokenSource();
        var sink = new RecordingSink();
        var running = session.ExecuteAsync("Console.WriteLine(\"started\");\nwhile (true) { Interrupt.ThrowIfRequested(); }", sink, cancel.Token);
        await WaitFor(() => sink.Text().Contains("started"));
        var clock = Stopwatch.StartNew();
        cancel.Cancel();
        var outcome = await running;
        Assert.Equal("Interrupted", outcome.Error!.Name);
        Assert.True(clock.Elapsed < session.InterruptGrace, $"took {clock.Elapsed}");
        Assert.Equal("42", (await session.ExecuteAsync("survivor + 1", new RecordingSink(), TestContext.Current.CancellationToken)).Text());
        Assert.False(Interrupt.Token.IsCancellationRequested); // the ambient signal is back to normal
    }

    [Fact]
    public async Task AnUncooperativeCellIsReportedAfterTheGraceAndLaterCellsWaitForIt()
    {
        using var session = new CSharpSession(interruptGrace: TimeSpan.FromMilliseconds(200));
        using var cancel = new CancellationTokenSource();
        var sink = new RecordingSink();
        // Blocks outside any loop for three seconds (long enough to still run when the next cell comes), then finishes.
        var running = session.ExecuteAsync("""
            Console.WriteLine("started");
            System.Threading.Thread.Sleep(3000);
            var finishedLate = "yes";
            """, sink, cancel.Token);
        await WaitFor(() => sink.Text().Contains("started"));
        cancel.Cancel();
        var outcome = await running;
        Assert.Equal("Interrupted", outcome.Error!.Name);
        Assert.Contains("still running", outcome.Error.Message);

        var blocked = await session.ExecuteAsync("1", new RecordingSink(), TestContext.Current.CancellationToken);
        Assert.Equal("CellStillRunning", blocked.Error!.Name);
        Assert.Contains($"cell [{outcome.ExecutionCount}]", blocked.Error.Message);

        // Once it ends, its variables are there for the cells after it.
        var after = await session.ExecuteAsync("finishedLate", new RecordingSink(), TestContext.Current.CancellationToken);
        for (int tries = 0; after.Error?.Name == "CellStillRunning" && tries < 50; tries++)
            after = await session.ExecuteAsync("finishedLate", new RecordingSink(), TestContext.Current.CancellationToken);
        Assert.Equal("yes", after.Text());
    }

    [Theory]
    [InlineData("while (true) { }")]
    [InlineData("for (;;) ;")]
    [InlineData("var n = 0;\ndo n++; while (n >= 0 || true);")]
    [InlineData("void Spin() { foreach (var i in System.Linq.Enumerable.Repeat(1, int.MaxValue)) { while (true) { } } }\nSpin();")]
    public async Task ALoopThatNeverChecksStopsOnAnInterruptAndTheNextCellRuns(string loop)
    {
        using var session = new CSharpSession(interruptGrace: TimeSpan.FromSeconds(5));
        using var cancel = new CancellationTokenSource();
        var sink = new RecordingSink();
        var running = session.ExecuteAsync("Console.WriteLine(\"started\");\n" + loop, sink, cancel.Token);
        await WaitFor(() => sink.Text().Contains("started"));
        await Task.Delay(100, TestContext.Current.CancellationToken);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        cancel.Cancel();
        var outcome = await running;
        Assert.Equal("Interrupted", outcome.Error!.Name);
        Assert.DoesNotContain("still running", outcome.Error.Message);
        Assert.True(clock.Elapsed < session.InterruptGrace, $"took {clock.Elapsed}");
        Assert.Equal("2", (await session.ExecuteAsync("1 + 1", new RecordingSink(), TestContext.Current.CancellationToken)).Text());
    }

    [Fact]
    public async Task TheInsertedChecksKeepTheCellsLineNumbers()
    {
        using var session = new CSharpSession();
        var outcome = await session.ExecuteAsync("for (var i = 0; i < 2; i++)\n    i.ToString();\nwhile (false) { }\nundefinedName();", new RecordingSink(), TestContext.Current.CancellationToken);
        Assert.Contains("(4,", string.Join("\n", outcome.Error!.Traceback) + outcome.Error.Message);
    }

    [Fact]
    public async Task AnOperationCanceledExceptionOfTheUsersOwnIsAnOrdinaryError()
    {
        using var session = new CSharpSession();
        var outcome = await session.ExecuteAsync("throw new OperationCanceledException(\"mine\");", new RecordingSink(), TestContext.Current.CancellationToken);
        Assert.Equal("OperationCanceledException", outcome.Error!.Name);
    }

    [Fact]
    public async Task ACellPastTheTimeoutFailsTheRun()
    {
        using var folder = new TempFolder();
        var path = folder.Write("t.ipynb", Encoding.UTF8.GetBytes(JupyterNotebooks.OfCode("while (true) { Interrupt.ThrowIfRequested(); }", "1")));
        var summary = await NotebookRunner.RunAsync(path, new RunOptions { InPlace = true, CellTimeout = TimeSpan.FromMilliseconds(300) }, TestContext.Current.CancellationToken);
        Assert.Equal("Timeout", summary.Failure!.Error.Name);
        Assert.Contains("0.3 s timeout", summary.Failure.Error.Message);
        Assert.Equal([1, null], JupyterNotebooks.ExecutionCounts(path));
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "the cell never started");
            await Task.Delay(10);
        }
    }
}
