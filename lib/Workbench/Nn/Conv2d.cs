using Workbench.Torch;

namespace Workbench.Nn;

/// <summary>2-D convolution; weight [out, in/groups, k, k], optional bias [out].</summary>
public sealed class Conv2d : Module
{
    public long InChannels { get; private set; }
    public long OutChannels { get; private set; }
    public long KernelSize { get; }
    public long Stride { get; }
    public long Padding { get; }
    public long Groups { get; }
    public Tensor Weight { get; }
    public Tensor? Bias { get; }

    public Conv2d(long inChannels, long outChannels, long kernelSize, long stride = 1, long padding = 0, bool bias = true, long groups = 1)
    {
        if (inChannels < 1 || outChannels < 1 || kernelSize < 1 || stride < 1 || padding < 0 || groups < 1)
            throw new ArgumentException($"Conv2d({inChannels}, {outChannels}, k={kernelSize}, s={stride}, p={padding}, g={groups}): sizes must be positive");
        if (inChannels % groups != 0 || outChannels % groups != 0)
            throw new ArgumentException($"Conv2d: channels {inChannels}->{outChannels} are not divisible by groups={groups}");
        (InChannels, OutChannels, KernelSize, Stride, Padding, Groups) = (inChannels, outChannels, kernelSize, stride, padding, groups);
        var fanIn = inChannels / groups * kernelSize * kernelSize;
        Weight = RegisterParameter("weight", Init.DefaultWeight([outChannels, inChannels / groups, kernelSize, kernelSize], fanIn));
        if (bias) Bias = RegisterParameter("bias", Init.DefaultWeight([outChannels], fanIn));
    }

    public override Tensor Forward(Tensor input) =>
        ShapeRecorder.Report(this, Functional.Conv2d(input, Weight, Bias, Stride, Padding, 1, Groups));

    /// <summary>Re-reads the channel counts after pruning code resized the weight in place.</summary>
    internal void RefreshShape()
    {
        var shape = Weight.Shape;
        OutChannels = shape[0];
        InChannels = shape[1] * Groups;
    }

    /// <summary>Multiply-accumulates for one image, given the output's spatial size.</summary>
    public long Macs(long outHeight, long outWidth) => OutChannels * (InChannels / Groups) * KernelSize * KernelSize * outHeight * outWidth;

    public override string Describe() =>
        $"Conv2d({InChannels}, {OutChannels}, k={KernelSize}, s={Stride}, p={Padding}{(Groups > 1 ? $", g={Groups}" : "")}{(Bias is null ? ", no bias" : "")})";
}
