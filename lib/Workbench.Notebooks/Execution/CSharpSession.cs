using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using Workbench.Notebooks.Formatting;
using Workbench.Notebooks.Packages;

namespace Workbench.Notebooks.Execution;

/// <summary>
/// C# cells run in order in one Roslyn scripting session: each cell continues the state of the cells
/// before it (variables, methods, types, usings, <c>#r</c> references), on one dedicated thread.
/// </summary>
/// <remarks>
/// Interrupts: cancelling a cell's token cancels the ambient <see cref="Interrupt"/> token, so library loops
/// and the cell's own loops (each checks it, see <see cref="LoopInterrupts"/>) stop; the outcome is then an
/// "Interrupted" error. Code that blocks outside a loop cannot be stopped (.NET cannot abort a thread): after
/// <see cref="InterruptGrace"/> the session either waits for it (<see cref="WaitForInterruptedCell"/>, what
/// the kernel does) or reports it "Interrupted" anyway and lets it run on in the background with its outputs
/// still going to its sink (what the notebook runner does, so a cell timeout ends the run). In that case the
/// next cell waits for it up to the same grace, then fails with "CellStillRunning" without running; once the
/// runaway cell ends, its variables are kept and cells run again.
/// </remarks>
public sealed class CSharpSession : ICodeSession
{
    // The next submission's options: the prelude's carry every reference, and a submission inherits the
    // references of those before it, so a cell's carry only the references added (by packages) since the
    // last cell that compiled. Giving every cell all of them again made Roslyn keep one more copy of the
    // whole list per cell, its bookkeeping growing with the cell count: memory quadratic in the cells run.
    private volatile ScriptOptions options;
    private readonly SessionPackages packages;
    private readonly CellStreams streams = new();
    private readonly CellThread thread;
    private readonly Task<ScriptState<object>> prelude;
    private readonly SemaphoreSlim oneCellAtATime = new(1, 1);
    private volatile ScriptState<object>? state;
    private Task<CellOutcome>? runaway;
    private int runawayCount, executionCount, unstoredCount;

    /// <param name="baseDirectory">where relative <c>#r</c> and <c>#load</c> paths resolve: the notebook's folder</param>
    /// <param name="interruptGrace">how long an interrupted cell may take to stop before it is reported interrupted anyway</param>
    /// <param name="packageSettings">where <c>#r "nuget:..."</c> restores and which NuGet settings it uses; null: the user's own</param>
    public CSharpSession(string? baseDirectory = null, TimeSpan? interruptGrace = null, PackageSettings? packageSettings = null)
    {
        BaseDirectory = Path.GetFullPath(baseDirectory ?? Environment.CurrentDirectory);
        InterruptGrace = interruptGrace ?? TimeSpan.FromSeconds(2);
        options = ScriptSetup.Options(BaseDirectory);
        packages = new SessionPackages(packageSettings ?? new PackageSettings(), ScriptSetup.LibraryReferences());
        var globals = new NotebookGlobals(streams);
        thread = new CellThread("notebook cells", () => ConsoleRouting.RouteTo(streams));
        // Started now: the first compile loads Roslyn (seconds), which overlaps with whatever the host does next.
        var withLibrary = options;
        options = options.WithReferences(Array.Empty<MetadataReference>());
        prelude = thread.Run(() =>
            CSharpScript.Create<object>(Utf8(ScriptSetup.Prelude), withLibrary.WithFilePath("prelude.csx"), typeof(NotebookGlobals))
                .RunAsync(globals).GetAwaiter().GetResult());
    }

    public string BaseDirectory { get; }

    /// <summary>Completes once the compiler is loaded and warm (seconds after start): await it so a first cell's timeout measures the cell.</summary>
    public Task Ready => prelude;

    public TimeSpan InterruptGrace { get; }

    /// <summary>
    /// What an interrupted cell that is still blocked after <see cref="InterruptGrace"/> does to the session:
    /// true waits for it to end (saying so on stderr at once) and reports it interrupted then; false reports it
    /// interrupted now and leaves it running in the background.
    /// </summary>
    public bool WaitForInterruptedCell { get; init; }

    public int ExecutionCount => Volatile.Read(ref executionCount);

    /// <summary>The session's packages: tests read how many restores ran.</summary>
    internal SessionPackages Packages => packages;

    public async Task<CellOutcome> ExecuteAsync(string code, IOutputSink output, CancellationToken cancellation = default, bool storeHistory = true)
    {
        await oneCellAtATime.WaitAsync(CancellationToken.None);
        try
        {
            var count = storeHistory ? Interlocked.Increment(ref executionCount) : ExecutionCount;
            // An unstored run gets a file of its own: under the last cell's name, its traceback would point into that cell.
            var file = storeHistory ? ScriptSetup.FileOf(count) : $"unstored{Interlocked.Increment(ref unstoredCount)}.csx";
            if (await StillRunning() is { } busy) return new CellOutcome(count, null, busy);
            var prepared = CellSource.Prepare(code);
            if (prepared.Refusal is { } refusal) return new CellOutcome(count, null, new CellError("NotSupported", refusal, [refusal]));
            var clock = prepared.Timed ? Stopwatch.StartNew() : null;
            var outcome = await RunPrepared(prepared.Code, count, file, output, cancellation);
            // #!time: Polyglot showed the wall time as a display after the cell's own outputs, once the cell ended.
            if (clock is not null && runaway is not { IsCompleted: false }) output.Display(WallTime(clock.Elapsed), null);
            return outcome;
        }
        finally
        {
            oneCellAtATime.Release();
        }
    }

    /// <summary>Restores the cell's packages, then runs it on the cell thread, waiting for it as interrupts allow.</summary>
    private async Task<CellOutcome> RunPrepared(string source, int count, string file, IOutputSink output, CancellationToken cancellation)
    {
        var directives = PackageDirectives.Extract(source, BaseDirectory);
        if (directives.Error is { } bad) return new CellOutcome(count, null, new CellError("BadPackageDirective", bad, [bad]));
        if (directives.Any)
        {
            if (await AddPackages(directives, output, cancellation) is { } failed) return new CellOutcome(count, null, failed);
            source = directives.Code;
        }
        ConsoleRouting.EnsureInstalled();
        DisplayRouting.EnsureInstalled();
        CellInput.EnsureInstalled();
        var interrupt = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var cell = thread.Run(() => RunCell(LoopInterrupts.Instrument(source), count, file, output, interrupt));
        var interrupted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (cancellation.Register(() => interrupted.TrySetResult()))
        {
            if (await Task.WhenAny(cell, interrupted.Task) != cell) await Task.WhenAny(cell, Task.Delay(InterruptGrace, CancellationToken.None));
        }
        if (cell.IsCompleted) return await cell;
        if (WaitForInterruptedCell) return await AfterBlockedCell(cell, output);
        (runaway, runawayCount) = (cell, count);
        return new CellOutcome(count, null, CellErrors.Interruption(
            $"interrupted, but the cell is blocked outside any loop (a long wait or native call) and is still running in the background; the next cell waits for it, or restart the kernel to stop it"));
    }

    /// <summary>What #!time shows, in Polyglot's words: "Wall time: 515.0484ms".</summary>
    internal static MimeBundle WallTime(TimeSpan elapsed) =>
        MimeBundle.PlainText($"Wall time: {elapsed.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)}ms");

    public Task<CodeCompleteness> IsCompleteAsync(string code) => Task.Run(() => Completeness.Of(code));

    public async Task<Completion> CompleteAsync(string code, int cursorPosition)
    {
        var previous = state ?? await prelude;
        return await Task.Run(() => CodeCompletion.Complete(previous.Script, options, code, cursorPosition));
    }

    public async Task<string?> InspectAsync(string code, int cursorPosition)
    {
        var previous = state ?? await prelude;
        return await Task.Run(() => CodeInspection.Inspect(previous.Script, options, code, cursorPosition));
    }

    /// <summary>Lets the cell thread end after the cell it is running, if any.</summary>
    public void Dispose() => thread.Dispose();

    /// <summary>Restores the cell's packages before it compiles, so that a failure names the package rather than a missing file.</summary>
    private async Task<CellError?> AddPackages(PackageDirectives directives, IOutputSink output, CancellationToken cancellation)
    {
        SessionPackages.Added added;
        try
        {
            added = await packages.AddAsync(directives, cancellation);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return CellErrors.Interruption("interrupted while restoring packages");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            // The cache folder unwritable, or an assets file NuGet left broken: the cell fails, the session goes on.
            var message = $"could not restore the cell's packages: {e.Message}";
            return new CellError("PackageRestoreFailed", message, [$"PackageRestoreFailed: {message}"]);
        }
        foreach (var note in added.Notes) output.Stream("stderr", note + "\n");
        if (added.References.Count > 0) options = options.AddReferences(added.References);
        return added.Error;
    }

    /// <summary>
    /// Waits for an interrupted cell that is blocked where no interrupt reaches. Its outputs, the cell's own
    /// stream flushed at its end included, all go out before the outcome, so none arrive after it.
    /// </summary>
    private async Task<CellOutcome> AfterBlockedCell(Task<CellOutcome> cell, IOutputSink output)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        output.Stream("stderr", "Interrupt received, but this cell is blocked outside any loop (a long wait or a native call), which .NET cannot stop: " +
                                "it stops when that call returns, and the kernel stays busy until then. Restart the kernel to stop it now.\n");
        var outcome = await cell;
        if (!outcome.Succeeded) return outcome;
        var waited = (clock.Elapsed + InterruptGrace).TotalSeconds;
        // It ran to its end: the interrupt changed nothing in it, but the queue behind it should still stop, as after any interrupt.
        return outcome with
        {
            Result = null,
            Error = CellErrors.Interruption($"the cell was blocked when interrupted and could not stop; it ran on to its end {waited:0.#} s after the interrupt (its outputs above are complete, its value is not shown)"),
        };
    }

    private async Task<CellError?> StillRunning()
    {
        if (runaway is not { IsCompleted: false } cell) return null;
        await Task.WhenAny(cell, Task.Delay(InterruptGrace));
        if (cell.IsCompleted) return null;
        var message = $"cell [{runawayCount}] was interrupted but is still running (it is blocked outside any loop), so this cell did not run; run it again once that cell ends, or restart the kernel to stop it";
        return new CellError("CellStillRunning", message, [message]);
    }

    /// <summary>Compiles and runs one cell on the cell thread; never throws: every failure is an outcome.</summary>
    private CellOutcome RunCell(string source, int count, string file, IOutputSink output, CancellationTokenSource interrupt)
    {
        streams.Begin(output);
        try
        {
            using var ambient = Interrupt.Use(interrupt.Token);
            var previous = state ?? prelude.GetAwaiter().GetResult();
            var submitted = options;
            var script = previous.Script.ContinueWith<object>(Utf8(source), submitted.WithFilePath(file));
            // Catching every exception keeps the state: variables assigned before the throw stay for later cells.
            var next = script.RunFromAsync(previous, catchException: _ => true).GetAwaiter().GetResult();
            state = next;
            // This cell compiled, so its references are in the chain now; a cell that failed to compile is not, and the next one carries them.
            if (submitted.MetadataReferences.Length > 0) options = submitted.WithReferences(Array.Empty<MetadataReference>());
            if (next.Exception is { } e)
                return new CellOutcome(count, null, e is OperationCanceledException && interrupt.IsCancellationRequested
                    ? CellErrors.Interruption("the cell was interrupted")
                    : CellErrors.FromException(e, ScriptSetup.CellOf));
            // display(x) or x.Display() as the last line returns its handle, which is not a result worth showing.
            return new CellOutcome(count, next.ReturnValue is DisplayHandle or Microsoft.DotNet.Interactive.Formatting.DisplayedValue ? null : NotebookFormatter.Format(next.ReturnValue), null);
        }
        catch (CompilationErrorException e)
        {
            return new CellOutcome(count, null, CellErrors.Compilation(e.Diagnostics));
        }
        catch (Exception e)
        {
            // A formatter that throws, or a failure loading a #r assembly.
            return new CellOutcome(count, null, CellErrors.FromException(e, ScriptSetup.CellOf));
        }
        finally
        {
            streams.End();
            interrupt.Dispose();
        }
    }

    // Debug information needs the source's encoding, which only a stream gives Roslyn.
    private static MemoryStream Utf8(string code) => new(Encoding.UTF8.GetBytes(code));
}
