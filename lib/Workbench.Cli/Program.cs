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
root.Subcommands.Add(SweepCommand.Create());
root.Subcommands.Add(CkaCommand.Create());
root.Subcommands.Add(StatsCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(RunCommand.Create());
// An interrupted cell that cannot stop (blocked in one long call) keeps the kernel busy until it ends, rather than
// being reported idle with its late output suppressed: what it does after the call (prints, files written) still
// happens, and hiding that would misreport what ran; busy is also what Jupyter shows for a Python call that ignores
// the interrupt. The runner (workbench run) keeps the session's default, so a cell timeout still ends a run.
root.Subcommands.Add(KernelCommand.Create(() => new CSharpSession { WaitForInterruptedCell = true }));
var exitCode = await CliErrors.Run(root, args);
LingeringThreads.EndProcessAfterGrace(exitCode);
return exitCode;
