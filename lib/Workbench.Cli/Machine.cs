using System.Diagnostics;
using Workbench.Torch;

namespace Workbench.Cli;

/// <summary>
/// What a benchmark or a run ran on: the CPU model, cores, device, libtorch's thread count and version. Printed with every
/// benchmark and at the start of every sitting of a long run, and recorded in its results, because the same seed and code
/// give other rounding, and after training other figures, on another CPU or thread count.
/// </summary>
internal static class Machine
{
    /// <summary>The line a long run prints first, so that each sitting of a run resumed elsewhere names its own machine.</summary>
    public static string Announce(Device device)
    {
        var machine = Describe(device);
        Console.WriteLine($"machine: {machine}");
        return machine;
    }

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
