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
    public long Groups { get; private set; }
    public Tensor Weight { get; }
    public Tensor? Bias { get; }

    /// <summary>
    /// 1 keeps, 0 removes: [out, in/groups, 1, 1] for kernel-level masks, [out, in/groups, k, k] when
    /// some kernels keep only part of their taps. Null when the layer is dense. Saved as the buffer
    /// <c>weight_mask</c>, as torch.nn.utils.prune names it.
    /// </summary>
    public Tensor? WeightMask { get; private set; }

    /// <summary>
    /// The kernels this layer computes, as flat indices o·I + i (int64, strictly increasing), once
    /// <see cref="RunKeptKernelsOnly"/> has made it skip the removed ones; null while it computes every kernel.
    /// Derived from <see cref="WeightMask"/> and kept in step with it; saved as the buffer <c>kept_kernels</c>.
    /// </summary>
    public Tensor? KeptKernels { get; private set; }

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
        // On the CPU the kept-kernel convolution does only the kept kernels' work; elsewhere the masked
        // dense convolution computes the same (a GPU's dense convolution is faster than any gather).
        if (MaskOverride is null && KeptKernels is { } kept && input.Device == Device.Cpu && input.DType == DType.Float32 && Weight.DType == DType.Float32)
            return Functional.KeptKernelConv2d(input, Weight, Bias, kept, Stride, Padding);
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
        if (KeptKernels is not null) FollowMask();
    }

    /// <summary>
    /// Makes the layer compute only the kernels its <see cref="WeightMask"/> keeps (on the CPU; see
    /// <see cref="KeptKernels"/>). The outputs are the masked layer's; the work is the kept kernels'.
    /// </summary>
    /// <exception cref="InvalidOperationException">The layer is grouped, has no mask, or its mask removes only some taps of a kernel.</exception>
    public void RunKeptKernelsOnly()
    {
        if (Groups != 1) throw new InvalidOperationException($"{Describe()}: only an ungrouped convolution can run its kept kernels alone");
        if (WeightMask is null) throw new InvalidOperationException($"{Describe()} has no weight mask: it keeps every kernel, and the dense convolution already computes just those");
        if (KernelsKept() is not { } kept)
            throw new InvalidOperationException($"{Describe()}: its mask removes only some taps of some kernels; the kept-kernel convolution needs whole kernels kept or removed");
        SetKeptKernels(kept);
    }

    /// <summary>Whether <see cref="RunKeptKernelsOnly"/> applies: an ungrouped layer whose mask keeps or removes whole kernels.</summary>
    public bool CanRunKeptKernelsOnly => Groups == 1 && WeightMask is not null && KernelsKept() is not null;

    /// <summary>A changed mask either still removes whole kernels (the index follows it) or does not (the layer goes back to the masked dense convolution).</summary>
    private void FollowMask() => SetKeptKernels(WeightMask is null ? null : KernelsKept());

    private void SetKeptKernels(long[]? kept)
    {
        Tensor? index = null;
        if (kept is not null)
            using (var scope = DisposeScope.Enter())
                index = scope.Keep(Tensor.From(kept).To(Weight.Device));
        SetBuffer("kept_kernels", index);
        KeptKernels = index;
    }

    /// <summary>The flat indices of the kernels the mask keeps, or null when it keeps part of a kernel.</summary>
    private long[]? KernelsKept()
    {
        using var scope = DisposeScope.Enter();
        var mask = WeightMask!;
        var (high, low) = (mask.Amax([2, 3]).Flatten().To(Device.Cpu).ToArray<float>(), mask.Amin([2, 3]).Flatten().To(Device.Cpu).ToArray<float>());
        var kept = new List<long>();
        for (var k = 0; k < high.Length; k++)
        {
            if (high[k] != low[k]) return null;
            if (high[k] > 0) kept.Add(k);
        }
        return [.. kept];
    }

    /// <summary>Re-reads the channel counts after pruning code resized the weight in place.</summary>
    /// <param name="groups">the new group count, when a depthwise layer lost filters with its channels.</param>
    internal void RefreshShape(long? groups = null)
    {
        Groups = groups ?? Groups;
        var shape = Weight.Shape;
        OutChannels = shape[0];
        InChannels = shape[1] * Groups;
        if (KeptKernels is not null) FollowMask();
    }

    /// <summary>Multiply-accumulates for one image, given the output's spatial size.</summary>
    public long Macs(long outHeight, long outWidth) => OutChannels * (InChannels / Groups) * KernelSize * KernelSize * outHeight * outWidth;

    public override string Describe() =>
        $"Conv2d({InChannels}, {OutChannels}, k={KernelSize}, s={Stride}, p={Padding}{(Groups > 1 ? $", g={Groups}" : "")}{(Bias is null ? ", no bias" : "")})";
}
