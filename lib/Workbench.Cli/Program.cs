using System.CommandLine;
using Workbench.Cli;

var root = new RootCommand("The pruning research workbench: coarse and similarity-guided pruning of CNNs on libtorch.");
root.Subcommands.Add(InfoCommand.Create());
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(EvalCommand.Create());
root.Subcommands.Add(DataCommand.Create());
root.Subcommands.Add(PruneCommand.Create());
return await CliErrors.Run(root, args);
