using System.CommandLine;
using Workbench.Cli;
using Workbench.Notebooks.Execution;

var root = new RootCommand("The pruning research workbench: coarse and similarity-guided pruning of CNNs on libtorch.");
root.Subcommands.Add(InfoCommand.Create());
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(EvalCommand.Create());
root.Subcommands.Add(DataCommand.Create());
root.Subcommands.Add(PruneCommand.Create());
root.Subcommands.Add(SensitivityCommand.Create());
root.Subcommands.Add(PruneLoopCommand.Create());
root.Subcommands.Add(CkaCommand.Create());
root.Subcommands.Add(StatsCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(RunCommand.Create());
// The kernel waits for an interrupted cell that cannot stop, so that it is busy while code runs and no output comes after idle.
root.Subcommands.Add(KernelCommand.Create(() => new CSharpSession { WaitForInterruptedCell = true }));
var exitCode = await CliErrors.Run(root, args);
LingeringThreads.EndProcessAfterGrace(exitCode);
return exitCode;
