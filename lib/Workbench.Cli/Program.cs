using System.CommandLine;
using Workbench.Cli;

var root = new RootCommand("The pruning research workbench: coarse and similarity-guided pruning of CNNs on libtorch.");
root.Subcommands.Add(InfoCommand.Create());
return await root.Parse(args).InvokeAsync();
