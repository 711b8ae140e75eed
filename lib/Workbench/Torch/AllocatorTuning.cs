using System.Runtime.InteropServices;

namespace Workbench.Torch;

/// <summary>
/// glibc's malloc returns every freed block above a dynamic threshold (128 KiB to 32 MiB) to the kernel
/// and maps it afresh on the next step, so each training step pays page faults for its activations.
/// Raising the mmap and trim thresholds keeps those blocks in the heap for the next step: about 10%
/// more images/s for small networks on CPU (docs/benchmarks.md). Memory stays flat, at the step's peak.
/// <c>WORKBENCH_MALLOC=default</c> leaves glibc's settings alone.
/// </summary>
internal static partial class AllocatorTuning
{
    public const string EnvironmentVariable = "WORKBENCH_MALLOC";
    private const int TrimThreshold = -1;   // M_TRIM_THRESHOLD
    private const int MmapThreshold = -3;   // M_MMAP_THRESHOLD
    private const int MmapBytes = 256 << 20;
    private const int TrimBytes = 1 << 30;

    [LibraryImport("libc.so.6", EntryPoint = "mallopt")]
    private static partial int Mallopt(int parameter, int value);

    public static bool Applied { get; private set; }

    public static void Apply()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable(EnvironmentVariable) == "default") return;
        try
        {
            Applied = Mallopt(MmapThreshold, MmapBytes) == 1 && Mallopt(TrimThreshold, TrimBytes) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (musl has no mallopt): nothing to tune.
        }
    }
}
