using System.Diagnostics;
using Workbench.Torch;

namespace Workbench.Cli.Bench;

/// <summary>What a benchmark ran on, printed with every result.</summary>
internal static class Machine
{
    public static string Describe(Device device)
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU"
            : "unknown CPU";
        var gpu = device.IsCuda ? $", GPU {GpuName(device.Index < 0 ? 0 : device.Index)}" : "";
        return $"{cpu}, {Environment.ProcessorCount} cores{gpu}, device {device}, {LibTorch.Threads} libtorch threads, libtorch {LibTorch.Version}, .NET {Environment.Version}";
    }

    /// <summary>The GPU's model as nvidia-smi names it (the shim has no CUDA headers to ask with).</summary>
    private static string GpuName(int index)
    {
        try
        {
            var start = new ProcessStartInfo("nvidia-smi", $"--query-gpu=name,driver_version --format=csv,noheader --id={index}") { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start);
            if (process is null) return "(nvidia-smi did not start)";
            var name = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0 && name.Length > 0 ? $"{name.Replace(", ", " (driver ")})" : "(nvidia-smi gave no name)";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "(nvidia-smi not found)";
        }
    }
}
