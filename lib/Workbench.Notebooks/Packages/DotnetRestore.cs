using System.Diagnostics;

namespace Workbench.Notebooks.Packages;

/// <summary>Runs <c>dotnet restore</c> on a generated project as a child process, its output captured.</summary>
internal static class DotnetRestore
{
    public sealed record Result(int ExitCode, string Output, bool TimedOut);

    public static async Task<Result> RunAsync(string project, PackageSettings settings, CancellationToken cancellation)
    {
        var start = new ProcessStartInfo(Dotnet())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(project)!,
        };
        foreach (var argument in Arguments(project, settings)) start.ArgumentList.Add(argument);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        // NuGet's messages are matched and shown as they are: English, whatever the machine's language.
        start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        // A build node left running would hold the output pipes open after restore exits.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start '{start.FileName}'");
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        limit.CancelAfter(settings.RestoreTimeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            cancellation.ThrowIfCancellationRequested();
            return new Result(-1, await output + await errors, TimedOut: true);
        }
        return new Result(process.ExitCode, await output + await errors, TimedOut: false);
    }

    private static IEnumerable<string> Arguments(string project, PackageSettings settings)
    {
        yield return "restore";
        yield return project;
        yield return "--nologo";
        yield return "-v:q";
        // An unreachable feed is then a warning, not a failure: packages already in the global packages
        // folder or in a local source still restore offline, instead of failing on the first dead source.
        yield return "--ignore-failed-sources";
        yield return "--disable-build-servers";
        yield return "-nodeReuse:false";
        // The cache folder may sit under a repository whose Directory.Build.props would change the project.
        yield return "-p:ImportDirectoryBuildProps=false";
        yield return "-p:ImportDirectoryBuildTargets=false";
        yield return "-p:ImportDirectoryPackagesProps=false";
        if (settings.ConfigFile is { } config)
        {
            yield return "--configfile";
            yield return config;
        }
        if (settings.PackagesDirectory is { } packages)
        {
            yield return "--packages";
            yield return packages;
        }
    }

    /// <summary>The SDK's dotnet: the one running this process when it is dotnet, else the one the SDK names, else PATH's.</summary>
    private static string Dotnet()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)) return host;
        if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        var exe = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root && File.Exists(Path.Combine(root, exe))) return Path.Combine(root, exe);
        return exe;
    }
}
