namespace Workbench.Torch;

/// <summary>Process-wide libtorch settings: version, random seed, threads and CUDA.</summary>
public static class LibTorch
{
    /// <summary>The version of the libtorch the shim was built against, e.g. "1.13.1".</summary>
    public static string Version
    {
        get
        {
            Native.wb_version(out var major, out var minor, out var patch);
            return $"{major}.{minor}.{patch}";
        }
    }

    /// <summary>Seeds every libtorch generator (CPU and CUDA), so random tensors repeat.</summary>
    public static void ManualSeed(ulong seed) => TorchException.Check(Native.wb_manual_seed(seed), "manual_seed");

    /// <summary>The intra-op thread count. The workbench starts it at every core the process may use.</summary>
    public static int Threads
    {
        get => Native.wb_get_num_threads();
        set
        {
            if (value < 1) throw new ArgumentOutOfRangeException(nameof(value), value, "thread count must be at least 1");
            TorchException.Check(Native.wb_set_num_threads(value), "set_num_threads");
        }
    }

    /// <summary>
    /// The instruction set of the kept-kernel convolution: "avx512", "avx2" or "generic", the best this CPU
    /// has unless set. Set "auto" to go back to the best; a set the CPU lacks is refused.
    /// </summary>
    public static string KeptKernelInstructionSet
    {
        get => System.Runtime.InteropServices.Marshal.PtrToStringUTF8(Native.wb_kept_kernel_isa())!;
        set => TorchException.Check(Native.wb_set_kept_kernel_isa(value), "kept-kernel instruction set");
    }

    public static bool CudaIsAvailable => Native.wb_cuda_is_available() != 0;

    public static int CudaDeviceCount => Native.wb_cuda_device_count();

    /// <summary>Waits for queued CUDA work (timing needs it); a no-op without CUDA.</summary>
    public static void CudaSynchronize(int deviceIndex = -1)
    {
        if (CudaIsAvailable) TorchException.Check(Native.wb_cuda_synchronize(deviceIndex), "cuda_synchronize");
    }

    /// <summary>Whether glibc's malloc thresholds were raised for libtorch's step-sized buffers (see WORKBENCH_MALLOC in environment.md).</summary>
    public static bool AllocatorTuned
    {
        get
        {
            _ = Native.wb_live_tensors(); // the binding's initialisation tunes it
            return AllocatorTuning.Applied;
        }
    }

    /// <summary>Native tensor handles currently alive: the ground truth for leak tests.</summary>
    public static long LiveTensorCount => Native.wb_live_tensors();

    // libtorch's OpenMP default can be lower than the cores available (e.g. physical cores only);
    // the workbench promises all cores unless the user set OMP_NUM_THREADS.
    internal static void ApplyDefaultThreads()
    {
        if (Environment.GetEnvironmentVariable("OMP_NUM_THREADS") is { Length: > 0 }) return;
        if (Native.wb_get_num_threads() != Environment.ProcessorCount) Native.wb_set_num_threads(Environment.ProcessorCount);
    }
}
