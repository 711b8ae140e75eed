using System.CommandLine;
using System.Globalization;
using Workbench.Notebooks.Running;

// The tests drive this command in-process through RunCommand.Create().
namespace Workbench.Cli;

/// <summary>
/// <c>workbench run NOTEBOOK.ipynb [-p name=value ...] [-o out.ipynb | --inplace] [--timeout S]</c>: executes every
/// code cell headless, in the notebook's folder, and writes the notebook with its outputs (by default beside the input, as
/// NAME.executed.ipynb; the input only with --inplace), one progress line per cell. Exit 0 when every
/// cell ran; 1 with "cell N failed: ..." when one failed (the notebook is still written, up to that cell).
/// A cell that calls Environment.Exit is reported the same way, and the process keeps the cell's code (1 for 0).
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var notebook = new Argument<FileInfo>("notebook") { Description = "the .ipynb notebook to run" };
        var parameters = new Option<string[]>("--parameter", "-p")
        {
            Description = "name=value overriding a variable of the cell tagged 'parameters' (repeat for more)",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "where to write the executed notebook (default: NAME.executed.ipynb beside the input)" };
        var inPlace = new Option<bool>("--inplace") { Description = "write the outputs into the input notebook itself" };
        var timeout = new Option<double?>("--timeout") { Description = "seconds a cell may run before it is interrupted and the run fails" };
        timeout.Validators.Add(result =>
        {
            if (CliErrors.ValueOrNull<double?>(result) is { } v && !(v > 0 && v <= TimeSpan.MaxValue.TotalSeconds / 2)) result.AddError($"--timeout must be a positive number of seconds, got {v}");
        });
        var command = new Command("run", "Run a notebook's code cells top to bottom and save it with their outputs.") { notebook, parameters, output, inPlace, timeout };
        command.Validators.Add(result =>
        {
            if (result.GetValue(inPlace) && result.GetValue(output) is not null) result.AddError("give either --output or --inplace, not both");
        });
        command.SetAction(async (result, cancellation) =>
        {
            var file = result.GetValue(notebook)!;
            if (result.GetValue(output) is { } target) OutputPaths.Check("--output", target.FullName, file.FullName);
            var stdout = result.InvocationConfiguration.Output;
            var stderr = result.InvocationConfiguration.Error;
            var options = new RunOptions
            {
                OutputPath = result.GetValue(output)?.FullName,
                InPlace = result.GetValue(inPlace),
                // Before the run enters the notebook's folder: paths typed on the command line are the caller's.
                Parameters = ParameterPaths.Resolve(ParameterInjection.ParseAssignments(result.GetValue(parameters) ?? []), Environment.CurrentDirectory),
                CellTimeout = result.GetValue(timeout) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
                Progress = progress => Report(stdout, progress),
                ProcessEnding = summary => ReportFailure(stderr, summary),
                // Ctrl+C gives the command about 2 s to finish; an interrupted cell gets 1 s, leaving time to save.
                InterruptGrace = TimeSpan.FromSeconds(1),
            };
            var summary = await NotebookRunner.RunAsync(file.FullName, options, cancellation);
            if (summary.Failure is not null)
            {
                ReportFailure(stderr, summary);
                return 1;
            }
            stdout.WriteLine($"ran {summary.CellsRun} cells in {Seconds(summary.Elapsed)}; wrote {summary.OutputPath}");
            return 0;
        });
        return command;
    }

    private static void ReportFailure(TextWriter stderr, RunSummary summary)
    {
        stderr.WriteLine(summary.Failure);
        foreach (var line in summary.Failure!.Error.Traceback.Skip(1)) stderr.WriteLine(line);
        stderr.WriteLine($"wrote {summary.OutputPath} with the outputs of the {summary.CellsRun} cells that ran");
        stderr.Flush();
    }

    // "[3/12] cell 5 ... " when a cell starts, its time (or "failed") when it ends: a long cell shows which it is.
    private static void Report(TextWriter stdout, CellProgress progress)
    {
        if (!progress.Finished) stdout.Write($"[{progress.Index}/{progress.Total}] cell {progress.CellNumber} ... ");
        else stdout.WriteLine(progress.Error is null ? Seconds(progress.Elapsed) : $"failed after {Seconds(progress.Elapsed)}");
        stdout.Flush();
    }

    private static string Seconds(TimeSpan elapsed) => elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s";
}
