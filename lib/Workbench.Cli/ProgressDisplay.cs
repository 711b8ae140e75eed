using Spectre.Console;
using Workbench.Data;
using Workbench.Nn;
using Workbench.Training;

namespace Workbench.Cli;

/// <summary>
/// Progress for long work: a live bar per epoch on a terminal, and one line per epoch when the
/// output is a file or a pipe (CI logs, nohup), where redrawn bars would be noise.
/// </summary>
internal static class ProgressDisplay
{
    /// <summary>
    /// Trains with a bar or a line per epoch; <paramref name="historyChanged"/> sees the whole history so far
    /// (a resumed run's earlier epochs included) after every epoch and when a run resumes.
    /// </summary>
    public static IReadOnlyList<EpochRecord> Train(Module model, TrainingOptions options, Dataset train, Dataset? validation, CancellationToken cancellation,
        Action<IReadOnlyList<EpochRecord>>? historyChanged = null)
    {
        var sofar = new List<EpochRecord>();
        void Resumed(IReadOnlyList<EpochRecord> done)
        {
            sofar.AddRange(done);
            Console.WriteLine(done.Count >= options.Epochs
                ? $"already trained: {options.CheckpointPath} has all {options.Epochs} epochs, made with these settings"
                : $"resuming from epoch {done.Count + 1}/{options.Epochs} ({done.Count} done in {options.CheckpointPath})");
            historyChanged?.Invoke(sofar);
        }
        // The files first, the line after: whoever reads "epoch k" finds epoch k on disk.
        void PrintEpoch(EpochRecord r)
        {
            sofar.Add(r);
            historyChanged?.Invoke(sofar);
            Console.WriteLine(
                $"epoch {r.Epoch + 1}/{options.Epochs}  lr {r.LearningRate:G3}  train loss {r.TrainLoss:F4} acc {r.TrainAccuracy:P2}" +
                (r.Validation is { } v ? $"  val loss {v.Loss:F4} MCR {v.Mcr:F2}%" : "") + $"  {r.Seconds:F1}s");
        }

        if (!AnsiConsole.Profile.Capabilities.Interactive)
            return new Trainer(model, options) { EpochCompleted = PrintEpoch, Resumed = Resumed }.Fit(train, validation, cancellation);

        IReadOnlyList<EpochRecord> history = [];
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                ProgressTask? bar = null;
                var trainer = new Trainer(model, options)
                {
                    Progress = new Synchronous<TrainingProgress>(p =>
                    {
                        if (bar is null || p.Step == 1) bar = ctx.AddTask($"epoch {p.Epoch + 1}/{p.Epochs}", maxValue: p.StepsPerEpoch);
                        bar.Value = p.Step;
                        bar.Description = $"epoch {p.Epoch + 1}/{p.Epochs} loss {p.Loss:F4}";
                    }),
                    EpochCompleted = r => { bar?.StopTask(); PrintEpoch(r); },
                    Resumed = Resumed,
                };
                history = trainer.Fit(train, validation, cancellation);
            });
        return history;
    }

    /// <summary>
    /// Runs work that trains many short runs (the loop's candidates): on a terminal, a bar per epoch
    /// labelled by <paramref name="label"/>; elsewhere no bars, the work's own status lines suffice.
    /// </summary>
    public static T Training<T>(string label, Func<IProgress<TrainingProgress>?, T> work)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive) return work(null);
        T result = default!;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                ProgressTask? bar = null;
                result = work(new Synchronous<TrainingProgress>(p =>
                {
                    if (bar is null || p.Step == 1) { bar?.StopTask(); bar = ctx.AddTask($"{label} epoch {p.Epoch + 1}/{p.Epochs}", maxValue: p.StepsPerEpoch); }
                    bar.Value = p.Step;
                    if (p.Step == p.StepsPerEpoch) bar.StopTask();
                }));
            });
        return result;
    }
}

/// <summary>An IProgress that reports on the caller's thread (Progress&lt;T&gt; would post to the thread pool, out of order).</summary>
internal sealed class Synchronous<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
