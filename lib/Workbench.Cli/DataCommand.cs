using System.CommandLine;
using Spectre.Console;
using Workbench.Data;

namespace Workbench.Cli;

/// <summary><c>workbench data cifar10</c>: the one command that may use the internet.</summary>
internal static class DataCommand
{
    public static Command Create()
    {
        var cifar = new Command("cifar10", $"Download CIFAR-10 (binary version) into data/, check its MD5 ({Cifar10Download.Md5}) and extract it safely.");
        cifar.SetAction(async (_, cancellation) =>
        {
            string folder;
            if (AnsiConsole.Profile.Capabilities.Interactive)
            {
                folder = "";
                await AnsiConsole.Progress().StartAsync(async ctx =>
                {
                    var task = ctx.AddTask("cifar-10-binary.tar.gz", maxValue: 1);
                    folder = await Cifar10Download.RunAsync(progress: new Synchronous<double>(f => task.Value = f), cancellation: cancellation);
                });
            }
            else
            {
                var lastTenth = -1;
                folder = await Cifar10Download.RunAsync(progress: new Synchronous<double>(f =>
                {
                    if ((int)(f * 10) > lastTenth) { lastTenth = (int)(f * 10); Console.WriteLine($"downloaded {f:P0}"); }
                }), cancellation: cancellation);
            }
            Console.WriteLine($"CIFAR-10 is ready in {folder}");
            return 0;
        });
        return new Command("data", "Fetch datasets that are not installed with the system.") { cifar };
    }
}
