namespace Workbench.Cli.Sweep;

/// <summary>The command line that starts this same workbench CLI again, for each run of a sweep.</summary>
internal static class SelfInvocation
{
    /// <summary><c>dotnet Workbench.Cli.dll</c> when this process was started that way, else the app host itself.</summary>
    public static IReadOnlyList<string> Command()
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell which program this process runs, so cannot start its runs");
        var assembly = typeof(SelfInvocation).Assembly.Location;
        return Path.GetFileNameWithoutExtension(host) == "dotnet" ? [host, assembly] : [host];
    }
}
