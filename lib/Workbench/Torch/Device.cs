namespace Workbench.Torch;

/// <summary>Device kinds; the values are libtorch's c10::DeviceType codes.</summary>
public enum DeviceType
{
    Cpu = 0,
    Cuda = 1,
}

/// <summary>Where a tensor lives: <c>cpu</c>, <c>cuda</c> (current device) or <c>cuda:N</c>.</summary>
public readonly record struct Device(DeviceType Type, int Index = -1)
{
    public static readonly Device Cpu = new(DeviceType.Cpu);

    public static Device Cuda(int index = -1) => new(DeviceType.Cuda, index);

    /// <summary>CUDA when a GPU and a CUDA build of the shim are present, else CPU.</summary>
    public static Device Auto => LibTorch.CudaIsAvailable ? Cuda(0) : Cpu;

    public bool IsCuda => Type == DeviceType.Cuda;

    /// <summary>
    /// Whether a tensor on <paramref name="actual"/> is already where this device asks for: the same kind,
    /// and the same index unless this one names none (a tensor always reports its GPU's index).
    /// </summary>
    public bool Accepts(Device actual) => Type == actual.Type && (Index < 0 || Index == actual.Index);

    /// <summary>
    /// Parses <c>cpu</c>, <c>cuda</c>, <c>cuda:N</c> or <c>auto</c>, and refuses a GPU this process cannot use,
    /// so a run asked for on the GPU fails at once with the reason rather than at its first tensor.
    /// </summary>
    public static Device Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = text.Trim().ToLowerInvariant();
        if (s == "cpu") return Cpu;
        if (s == "auto") return Auto;
        if (s == "cuda") return Usable(Cuda(), text);
        if (s.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(s.AsSpan(5), out var index) && index >= 0)
            return Usable(Cuda(index), text);
        throw new ArgumentException($"unknown device '{text}': expected cpu, cuda, cuda:N or auto", nameof(text));
    }

    private static Device Usable(Device gpu, string text)
    {
        if (!LibTorch.CudaIsAvailable)
            throw new ArgumentException($"device '{text}': the libtorch this workbench's shim is built against sees no CUDA device " +
                "(a CPU-only libtorch, or no GPU here); use cpu or auto, or build the shim against a CUDA libtorch (environment.md)", nameof(text));
        var count = LibTorch.CudaDeviceCount;
        if (gpu.Index >= count)
            throw new ArgumentException($"device '{text}' does not exist: this machine has {count} CUDA device(s), cuda:0 to cuda:{count - 1}", nameof(text));
        return gpu;
    }

    public override string ToString() => Type switch
    {
        DeviceType.Cpu => "cpu",
        _ => Index < 0 ? "cuda" : $"cuda:{Index}",
    };
}
