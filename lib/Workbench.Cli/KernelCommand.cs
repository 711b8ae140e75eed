using System.CommandLine;
using Workbench.Notebooks.Execution;
using Workbench.Notebooks.Kernel;

namespace Workbench.Cli;

/// <summary>
/// <c>workbench kernel -f CONNECTION_FILE</c> runs the Jupyter kernel until a client shuts it down;
/// <c>workbench kernel install</c> registers it with Jupyter as "C# (Workbench)".
/// </summary>
internal static class KernelCommand
{
    public static Command Create(Func<ICodeSession> sessionFactory)
    {
        var connectionFile = new Option<FileInfo>("--connection-file", "-f") { Description = "the connection file Jupyter wrote for this kernel", Required = true };
        var command = new Command("kernel", "Run the C# Jupyter kernel on a connection file (Jupyter starts it through the installed kernelspec).")
        {
            connectionFile, CreateInstall(),
        };
        command.SetAction(async (result, cancellation) =>
        {
            // jupyter_client restarts a kernel by waiting for its process to exit and launching a new one,
            // so this process ends on every shutdown_request, restart or not.
            var options = new KernelOptions { RestartInProcess = false };
            await KernelServer.RunAsync(result.GetValue(connectionFile)!.FullName, sessionFactory, options, cancellation);
            return 0;
        });
        return command;
    }

    private static Command CreateInstall()
    {
        var user = new Option<bool>("--user") { Description = "install for this user: $JUPYTER_DATA_DIR, else ~/.local/share/jupyter (the default)" };
        var prefix = new Option<DirectoryInfo>("--prefix") { Description = "install into PREFIX/share/jupyter (e.g. a virtual environment)" };
        var install = new Command("install", $"Install the '{KernelSpec.Name}' kernelspec so Jupyter lists \"{KernelSpec.DisplayName}\".") { user, prefix };
        install.Validators.Add(result =>
        {
            if (result.GetResult(user) is not null && result.GetResult(prefix) is not null) result.AddError("--user and --prefix cannot be combined");
        });
        install.SetAction(result =>
        {
            var dataDirectory = result.GetValue(prefix) is { } p ? KernelSpec.PrefixDataDirectory(p.FullName) : KernelSpec.UserDataDirectory();
            var folder = KernelSpec.Install(dataDirectory, Launcher());
            Console.WriteLine($"installed kernelspec {KernelSpec.Name} in {folder}");
            return 0;
        });
        return install;
    }

    /// <summary>How Jupyter should start this CLI: the dotnet host running now (when there is one) and this very Workbench.Cli.dll.</summary>
    private static string[] Launcher()
    {
        var host = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
        return [host, typeof(KernelCommand).Assembly.Location, "kernel"];
    }
}
