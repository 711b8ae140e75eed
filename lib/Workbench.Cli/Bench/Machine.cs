using Workbench.Torch;

namespace Workbench.Cli.Bench;

/// <summary>What a benchmark ran on, printed with every result.</summary>
internal static class Machine
{
    public static string Describe()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU"
            : "unknown CPU";
        return $"{cpu}, {Environment.ProcessorCount} cores, {LibTorch.Threads} libtorch threads, libtorch {LibTorch.Version}, .NET {Environment.Version}";
    }
}
