using System.CommandLine;
using Spectre.Console;
using Workbench.Cli.Sweep;

namespace Workbench.Cli;

/// <summary>
/// <c>workbench sweep PLAN</c>: runs an experiment set written as a plan, on this machine (<c>--workers</c>) or as
/// Slurm job arrays (<c>--slurm</c>); <c>workbench sweep status PLAN</c> tells where each run stands. Every run is
/// its verb's own resumable command, so a sweep started again skips what is done and resumes what was interrupted.
/// </summary>
internal static class SweepCommand
{
    public static Command Create()
    {
        var plan = new Argument<FileInfo>("plan") { Description = "the plan (TOML): its runs, their options and the values that vary" };
        var root = new Option<string>("--root") { Description = "put the plan's outputs under this folder instead of the plan's root (default data/runs)" };
        var set = new Option<string[]>("--set") { Description = "NAME=VALUE: override an entry of the plan's [vars] (repeatable)" };
        var workers = new Option<int>("--workers") { Description = "runs at a time on this machine", DefaultValueFactory = _ => 1 };
        CliErrors.InRange(workers, 1, 256);
        var slurm = new Option<bool>("--slurm") { Description = "send the plan to Slurm as job arrays (one per wave of independent runs) instead of running it here" };
        var dryRun = new Option<bool>("--dry-run") { Description = "print what would run (with --slurm: the sbatch scripts) and run nothing" };
        var partition = new Option<string>("--partition") { Description = "Slurm partition (default: the plan's [slurm] table, else Slurm's)" };
        var time = new Option<string>("--time") { Description = "Slurm time limit per run, e.g. 04:00:00" };
        var cpus = new Option<int?>("--cpus-per-task") { Description = "Slurm CPUs per run" };
        CliErrors.InRange(cpus, 1, 100_000);
        var gres = new Option<string>("--gres") { Description = "Slurm generic resources per run, e.g. gpu:1" };
        var mem = new Option<string>("--mem") { Description = "Slurm memory per run, e.g. 8G" };

        var command = new Command("sweep", "Run a plan of experiments here, up to --workers at a time in dependency order, or send it to Slurm with --slurm; finished runs are skipped and interrupted ones resume.")
        {
            plan, root, set, workers, slurm, dryRun, partition, time, cpus, gres, mem,
        };
        command.SetAction(async (result, cancellation) =>
        {
            var read = Read(result, plan, root, set);
            if (result.GetValue(slurm))
            {
                var resources = new SlurmResources(result.GetValue(partition), result.GetValue(time), result.GetValue(cpus), result.GetValue(gres), result.GetValue(mem));
                new SlurmSweep(read, resources, Console.WriteLine).Submit(result.GetValue(dryRun));
                return 0;
            }
            if (new Option[] { partition, time, cpus, gres, mem }.FirstOrDefault(o => result.GetResult(o) is { Implicit: false }) is { } slurmOnly)
                throw new ArgumentException($"{slurmOnly.Name} is a Slurm resource: give --slurm too, or leave it out");
            if (result.GetValue(dryRun))
            {
                foreach (var wave in PlanOrder.Waves(read, read.DoneRuns()))
                    foreach (var run in wave) Console.WriteLine($"{run.Name}: workbench {string.Join(' ', run.CommandLine.Select(SlurmScript.Quote))}");
                return 0;
            }
            var outcome = await RunLocally(read, result.GetValue(workers), cancellation);
            Console.WriteLine($"sweep {read.Name}: {outcome.Done} of {read.Runs.Count} done" +
                              (outcome.Failed > 0 ? $", {outcome.Failed} failed" : "") + (outcome.NotRun > 0 ? $", {outcome.NotRun} not run (a run they need failed)" : ""));
            return outcome.Done == read.Runs.Count ? 0 : 1;
        });
        command.Subcommands.Add(StatusCommand());
        return command;
    }

    private static Command StatusCommand()
    {
        var plan = new Argument<FileInfo>("plan") { Description = "the plan (TOML)" };
        var root = new Option<string>("--root") { Description = "the folder the plan's outputs were put under, if not the plan's root" };
        var set = new Option<string[]>("--set") { Description = "NAME=VALUE: the [vars] overrides the plan was run with" };
        var command = new Command("status", "List each run of a plan as done, running, failed or waiting, with its key figure; reads the output folders and, for a plan sent to Slurm, Slurm's own state.")
        {
            plan, root, set,
        };
        command.SetAction(result =>
        {
            var statuses = PlanStatus.Of(Read(result, plan, root, set));
            var width = statuses.Max(s => s.Run.Name.Length);
            foreach (var s in statuses)
                Console.WriteLine($"{s.Run.Name.PadRight(width)}  {s.State.ToString().ToLowerInvariant(),-7}  {s.Detail}".TrimEnd());
            var counts = statuses.GroupBy(s => s.State).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}");
            Console.WriteLine($"{statuses.Count} runs: {string.Join(", ", counts)}");
            return 0;
        });
        return command;
    }

    private static RunPlan Read(ParseResult result, Argument<FileInfo> plan, Option<string> root, Option<string[]> set)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var s in result.GetValue(set) ?? [])
        {
            var parts = s.Split('=', 2);
            if (parts.Length != 2 || parts[0].Length == 0) throw new ArgumentException($"--set '{s}': write NAME=VALUE");
            settings[parts[0]] = parts[1];
        }
        // As the user wrote it, so messages name the file the way they know it.
        var file = result.GetValue(plan)!.ToString();
        var read = PlanReader.Read(file, result.GetValue(root), settings);
        PlanCommands.Check(read, (RootCommand)result.RootCommandResult.Command);
        return read;
    }

    /// <summary>A bar of finished runs on a terminal; the same lines either way, so a log reads like the screen.</summary>
    private static async Task<SweepOutcome> RunLocally(RunPlan plan, int workers, CancellationToken cancellation)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive)
            return await new LocalSweep(plan, workers, Console.WriteLine).RunAsync(cancellation);
        SweepOutcome outcome = new(0, 0, 0);
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async ctx =>
            {
                var bar = ctx.AddTask($"sweep {plan.Name}", maxValue: plan.Runs.Count);
                var sweep = new LocalSweep(plan, workers, line => AnsiConsole.WriteLine(line)) { Progress = (finished, _) => bar.Value = finished };
                outcome = await sweep.RunAsync(cancellation);
            });
        return outcome;
    }
}
