using System.CommandLine;

namespace Workbench.Cli.Sweep;

/// <summary>
/// Checks every run's command line against the workbench's own commands before anything starts, so a misspelt
/// option or a bad value is found in the plan, named with its run and key, and not hours later in a log.
/// </summary>
internal static class PlanCommands
{
    public static void Check(RunPlan plan, RootCommand root)
    {
        foreach (var run in plan.Runs)
        {
            var command = root.Subcommands.Single(c => c.Name == run.Verb);
            foreach (var option in run.Arguments.Where(a => a.StartsWith("--", StringComparison.Ordinal)))
                if (!command.Options.Any(o => o.Name == option || o.Aliases.Contains(option)))
                    throw new PlanException(plan.File, run.Name, $"options.{option[2..]}",
                        $"'{run.Verb}' has no option {option} (it has {PlanReader.List(command.Options.Select(o => o.Name).Where(n => n.StartsWith("--", StringComparison.Ordinal)).Order())})");
            var parsed = root.Parse([.. run.CommandLine]);
            if (parsed.Errors.Count > 0)
                throw new PlanException(plan.File, run.Name, null, $"workbench {run.Verb} would refuse it: {parsed.Errors[0].Message}");
        }
    }
}
