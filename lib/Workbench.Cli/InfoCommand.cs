using System.CommandLine;
using Workbench.Torch;

namespace Workbench.Cli;

/// <summary><c>workbench info</c>: what the workbench runs on (libtorch version, threads, CUDA).</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var command = new Command("info", "Show the libtorch version, thread count and CUDA devices the workbench uses.");
        command.SetAction(_ =>
        {
            Console.WriteLine($"libtorch   {LibTorch.Version}");
            Console.WriteLine($"threads    {LibTorch.Threads} (of {Environment.ProcessorCount} cores)");
            Console.WriteLine($"malloc     {(LibTorch.AllocatorTuned ? "mmap and trim thresholds raised (WORKBENCH_MALLOC=default to keep glibc's)" : "glibc defaults")}");
            Console.WriteLine($"cuda       {(LibTorch.CudaIsAvailable ? $"{LibTorch.CudaDeviceCount} device(s)" : "not available")}");
            Console.WriteLine($"device     {Device.Auto} (auto)");
            return 0;
        });
        return command;
    }
}
