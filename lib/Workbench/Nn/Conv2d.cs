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

    /// <summary>
    /// 1 keeps, 0 removes: [out, in/groups, 1, 1] for kernel-level masks, [out, in/groups, k, k] when
    /// some kernels keep only part of their taps. Null when the layer is dense. Saved as the buffer
    /// <c>weight_mask</c>, as torch.nn.utils.prune names it.
    /// </summary>
    public Tensor? WeightMask { get; private set; }

    /// <summary>A mask to compute with instead of <see cref="WeightMask"/>, leaving the weights untouched: how candidate masks are tried.</summary>
    internal Tensor? MaskOverride { get; set; }

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

    protected override Tensor Compute(Tensor input)
    {
        var mask = MaskOverride ?? WeightMask;
        if (mask is null) return Functional.Conv2d(input, Weight, Bias, Stride, Padding, 1, Groups);
        // Computing with weight ⊙ mask gives removed weights a zero gradient, so they stay removed.
        using var masked = Weight * mask;
        return Functional.Conv2d(input, masked, Bias, Stride, Padding, 1, Groups);
    }

    /// <summary>
    /// Sets (or, with null, removes) the weight mask, and zeroes the removed weights so the weights
    /// alone already describe the pruned layer (a checkpoint loads correctly even where masks are ignored).
    /// </summary>
    public void SetWeightMask(Tensor? mask)
    {
        if (mask is not null)
        {
            var w = Weight.Shape;
            var m = mask.Shape;
            bool fits = m.Length == 4 && m[0] == w[0] && m[1] == w[1] && (m[2] == 1 && m[3] == 1 || m[2] == w[2] && m[3] == w[3]);
            if (!fits)
                throw new ArgumentException($"a weight mask of shape [{string.Join(", ", m)}] does not fit a weight of shape [{string.Join(", ", w)}]: expected [{w[0]}, {w[1]}, 1, 1] or [{string.Join(", ", w)}]", nameof(mask));
        }
        WeightMask = InstallWeightMask(Weight, mask);
    }

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
