using Workbench.Nn;
using Workbench.Torch;

namespace Workbench.Pruning;

/// <summary>
/// Kernel pruning made real: a convolution whose output maps each keep the same number K of input
/// kernels (the equal-kernels-per-map pattern) computed without the removed kernels. The input is
/// gathered so that output map o sees only its K kept input maps (one index_select), then a grouped
/// convolution with one group per output map does the rest: O·K·k² multiply-accumulates per output
/// position instead of O·I·k². It computes exactly what the masked dense convolution computes.
/// </summary>
public sealed class GatheredConv2d : Module
{
    public long InChannels { get; }
    public long OutChannels { get; }
    /// <summary>Kernels kept per output map.</summary>
    public long KernelsPerMap { get; }
    public long Stride { get; }
    public long Padding { get; }
    public Tensor Weight { get; }
    public Tensor? Bias { get; }
    private readonly Tensor index;

    /// <summary>Builds the gathered form of a kernel-masked <paramref name="conv"/> (groups 1, equal kernels per output map).</summary>
    public GatheredConv2d(Conv2d conv)
    {
        if (conv.Groups != 1) throw new ArgumentException($"GatheredConv2d needs an ungrouped convolution; this one has {conv.Groups} groups");
        (InChannels, OutChannels, Stride, Padding) = (conv.InChannels, conv.OutChannels, conv.Stride, conv.Padding);
        using var scope = DisposeScope.Enter();
        using var noGrad = Autograd.NoGrad();
        var mask = conv.WeightMask ?? Tensor.Ones([OutChannels, InChannels, 1, 1], device: conv.Weight.Device);
        var kept = (mask.Amax([2, 3]) > 0).To(Device.Cpu).ToArray<bool>();
        var rows = Enumerable.Range(0, (int)OutChannels)
            .Select(o => Enumerable.Range(0, (int)InChannels).Where(i => kept[o * InChannels + i]).Select(i => (long)i).ToArray()).ToArray();
        var counts = rows.Select(r => r.Length).Distinct().ToArray();
        if (counts.Length != 1 || counts[0] == 0)
            throw new ArgumentException($"not an equal-kernels-per-map mask: output maps keep {string.Join(", ", rows.Select(r => r.Length).Distinct().Order())} kernels; prune with Granularity.KernelEqualPerMap");
        KernelsPerMap = counts[0];
        var flat = Tensor.From(rows.SelectMany(r => r).ToArray()).To(conv.Weight.Device);
        // Row o of the gathered weight holds output map o's kept kernels, in the order the input is gathered.
        var masked = conv.Weight.Detach() * mask;
        var rowIndex = flat.Reshape(OutChannels, KernelsPerMap, 1, 1).Expand(OutChannels, KernelsPerMap, masked.Size(2), masked.Size(3));
        Weight = RegisterParameter("weight", masked.Gather(1, rowIndex).Contiguous());
        if (conv.Bias is { } bias) Bias = RegisterParameter("bias", bias.Detach().Clone());
        index = RegisterBuffer("input_index", scope.Keep(flat));
    }

    protected override Tensor Compute(Tensor input)
    {
        using var gathered = input.IndexSelect(1, index);
        return Functional.Conv2d(gathered, Weight, Bias, Stride, Padding, 1, OutChannels);
    }

    /// <summary>Multiply-accumulates for one image, given the output's spatial size.</summary>
    public long Macs(long outHeight, long outWidth) => OutChannels * KernelsPerMap * Weight.Size(2) * Weight.Size(3) * outHeight * outWidth;

    public override string Describe() => $"GatheredConv2d({InChannels}, {OutChannels}, {KernelsPerMap} kernels per map, s={Stride}, p={Padding})";
}
