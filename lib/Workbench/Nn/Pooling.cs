using Workbench.Torch;

namespace Workbench.Nn;

public sealed class MaxPool2d(long kernelSize, long? stride = null, long padding = 0) : Module
{
    public long KernelSize { get; } = kernelSize;
    public long Stride { get; } = stride ?? kernelSize;
    /// <summary>Implicit -inf border: torchvision's ResNet and DenseNet stems pool 3×3, stride 2, padding 1.</summary>
    public long Padding { get; } = padding;
    protected override Tensor Compute(Tensor input) => Functional.MaxPool2d(input, KernelSize, Stride, Padding);
    public override string Describe() => Padding == 0 ? $"MaxPool2d({KernelSize}, s={Stride})" : $"MaxPool2d({KernelSize}, s={Stride}, p={Padding})";
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

/// <summary>Averages into a fixed [outHeight, outWidth] grid whatever the input's size, as torch.nn.AdaptiveAvgPool2d.</summary>
public sealed class AdaptiveAvgPool2d(long outHeight, long outWidth) : Module
{
    public long OutHeight { get; } = outHeight;
    public long OutWidth { get; } = outWidth;
    protected override Tensor Compute(Tensor input) => Functional.AdaptiveAvgPool2d(input, OutHeight, OutWidth);
    public override string Describe() => $"AdaptiveAvgPool2d({OutHeight}, {OutWidth})";
}
