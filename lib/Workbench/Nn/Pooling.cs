using Workbench.Torch;

namespace Workbench.Nn;

public sealed class MaxPool2d(long kernelSize, long? stride = null) : Module
{
    public long KernelSize { get; } = kernelSize;
    public long Stride { get; } = stride ?? kernelSize;
    protected override Tensor Compute(Tensor input) => Functional.MaxPool2d(input, KernelSize, Stride);
    public override string Describe() => $"MaxPool2d({KernelSize}, s={Stride})";
}

public sealed class AvgPool2d(long kernelSize, long? stride = null) : Module
{
    public long KernelSize { get; } = kernelSize;
    public long Stride { get; } = stride ?? kernelSize;
    protected override Tensor Compute(Tensor input) => Functional.AvgPool2d(input, KernelSize, Stride);
    public override string Describe() => $"AvgPool2d({KernelSize}, s={Stride})";
}

/// <summary>Averages each channel over its whole map: [N, C, H, W] → [N, C].</summary>
public sealed class GlobalAvgPool2d : Module
{
    protected override Tensor Compute(Tensor input)
    {
        using var pooled = Functional.AdaptiveAvgPool2d(input, 1, 1);
        return pooled.Flatten(1);
    }
    public override string Describe() => "GlobalAvgPool2d";
}
