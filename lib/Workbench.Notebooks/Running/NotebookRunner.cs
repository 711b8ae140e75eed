using System.Diagnostics;
using Workbench.Notebooks.Execution;
using Workbench.Notebooks.Ipynb;

namespace Workbench.Notebooks.Running;

/// <summary>
/// Runs a notebook headless, as "Restart and run all" followed by "Save": every code cell top to bottom in
/// one fresh session, in the notebook's folder as working directory, as Polyglot ran them (markdown and raw
/// cells untouched, blank code cells skipped as Jupyter's clients do),
/// each cell's outputs and execution count recorded. The first failing cell stops the run; the notebook
/// is written either way, and since every output is cleared first, cells after the failure show nothing stale.
/// The output is written (atomically) before the first cell and after every cell, so a cell that kills the
/// process (Environment.FailFast, a stack overflow, the OOM killer) still leaves the outputs of the cells before it.
/// </summary>
public static class NotebookRunner
{
    public static async Task<RunSummary> RunAsync(string path, RunOptions? options = null, CancellationToken cancellation = default)
    {
        options ??= new RunOptions();
        var notebook = Notebook.Load(path);
        // Parameters are checked before any cell runs or anything is written.
        ParameterInjection.Apply(notebook, options.Parameters, path);
        foreach (var cell in notebook.Cells) cell.ClearOutputs();
        var toRun = notebook.Cells.Select((cell, i) => (Cell: cell, Number: i + 1))
            .Where(c => c.Cell.IsCode && !string.IsNullOrWhiteSpace(c.Cell.Source)).ToList();
        var outputPath = OutputPathFor(path, options);
        var clock = Stopwatch.StartNew();
        var ran = 0;
        CellFailure? failure = null;
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        // Every path the run writes is absolute by now; relative paths in cells are the notebook's, as in Polyglot.
        using var workingDirectory = WorkingDirectory.Enter(folder);
        using var session = new CSharpSession(folder, options.InterruptGrace);
        using var guard = new ProcessExitGuard(running =>
        {
            var ended = EndedTheProcess(running, session.ExecutionCount, cancellation);
            Save(notebook, outputPath);
            options.Progress?.Invoke(new CellProgress(running.Index, toRun.Count, running.Number, true, running.Clock.Elapsed, ended.Error));
            // The run did not finish, whatever code the cell chose.
            if (Environment.ExitCode == 0) Environment.ExitCode = 1;
            options.ProcessEnding?.Invoke(new RunSummary(outputPath, running.Index, toRun.Count, clock.Elapsed, ended));
        });
        try
        {
            Save(notebook, outputPath);
            await session.Ready;
            foreach (var (cell, number) in toRun)
            {
                ran++;
                options.Progress?.Invoke(new CellProgress(ran, toRun.Count, number, false, TimeSpan.Zero, null));
                var cellClock = Stopwatch.StartNew();
                var outcome = await RunCell(session, cell, options, guard, new ProcessExitGuard.Running(ran, number, cell, new OutputCollector(), cellClock), cancellation);
                Save(notebook, outputPath);
                options.Progress?.Invoke(new CellProgress(ran, toRun.Count, number, true, cellClock.Elapsed, outcome.Error));
                if (outcome.Error is { } error)
                {
                    failure = new CellFailure(number, error);
                    break;
                }
            }
        }
        finally
        {
            Save(notebook, outputPath);
        }
        return new RunSummary(outputPath, ran, toRun.Count, clock.Elapsed, failure);
    }

    private static void Save(Notebook notebook, string path)
    {
        OfflineFigures.EmbedPlotlyOnce(notebook);
        notebook.Save(path);
    }

    /// <summary>NAME.executed.ipynb beside the input: never the input itself, and ignored by git (see .gitignore).</summary>
    public static string DefaultOutputPath(string path)
    {
        var full = Path.GetFullPath(path);
        return Path.Combine(Path.GetDirectoryName(full)!, Path.GetFileNameWithoutExtension(full) + ".executed.ipynb");
    }

    // The input is a user's document: it is only written when they asked for that.
    private static string OutputPathFor(string path, RunOptions options)
    {
        if (options.InPlace && options.OutputPath is not null)
            throw new ArgumentException("give either an output path or in-place, not both");
        if (options.InPlace) return Path.GetFullPath(path);
        var output = Path.GetFullPath(options.OutputPath ?? DefaultOutputPath(path));
        if (SameFile(output, path))
            throw new ArgumentException($"the output '{output}' is the input notebook; choose another output, or ask for in-place to overwrite it");
        return output;
    }

    private static bool SameFile(string a, string b) =>
        string.Equals(Resolve(a), Resolve(b), StringComparison.Ordinal);

    private static string Resolve(string path)
    {
        var full = Path.GetFullPath(path);
        return File.Exists(full) && new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true) is { } target ? target.FullName : full;
    }

    private static async Task<CellOutcome> RunCell(CSharpSession session, NotebookCell cell, RunOptions options, ProcessExitGuard guard,
        ProcessExitGuard.Running running, CancellationToken cancellation)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        if (options.CellTimeout is { } timeout) limit.CancelAfter(timeout);
        var collector = running.Outputs;
        guard.Begin(running);
        CellOutcome outcome;
        try
        {
            outcome = await session.ExecuteAsync(cell.Source, collector, limit.Token);
        }
        finally
        {
            guard.End();
        }
        if (outcome.Error?.Name == CellErrors.Interrupted && limit.IsCancellationRequested && !cancellation.IsCancellationRequested)
            outcome = outcome with { Error = TimedOut(options.CellTimeout!.Value) };
        var outputs = collector.Take();
        if (outcome.Result is { } result) outputs.Add(NotebookOutputs.ExecuteResult(result, outcome.ExecutionCount));
        if (outcome.Error is { } error) outputs.Add(NotebookOutputs.Error(error));
        cell.ExecutionCount = outcome.ExecutionCount;
        foreach (var output in outputs) cell.Outputs.Add(output);
        return outcome;
    }

    /// <summary>Records in the notebook the cell that was running when the process began to end, and why it ended.</summary>
    private static CellFailure EndedTheProcess(ProcessExitGuard.Running running, int executionCount, CancellationToken cancellation)
    {
        var message = cancellation.IsCancellationRequested
            ? "the run was cancelled while this cell ran, and the cell did not stop in time; the process ended"
            : $"the cell ended the process (Environment.Exit({Environment.ExitCode})) before the run was done; the cells after it did not run";
        var error = new CellError("ProcessExit", message, [$"ProcessExit: {message}"]);
        foreach (var output in running.Outputs.Take()) running.Cell.Outputs.Add(output);
        running.Cell.Outputs.Add(NotebookOutputs.Error(error));
        running.Cell.ExecutionCount = executionCount;
        return new CellFailure(running.Number, error);
    }

    private static CellError TimedOut(TimeSpan timeout)
    {
        var message = $"the cell ran longer than the {timeout.TotalSeconds:0.###} s timeout and was interrupted";
        return new CellError("Timeout", message, [$"Timeout: {message}"]);
    }
}
