using Workbench.Torch;

namespace Workbench.Nn;

/// <summary>
/// The CIFAR ResNet basic block (He et al. 2016): relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x)).
/// The shortcut is option A: identity, or, when the block changes width or stride, a stride-2
/// subsample of x with zero channels padded on both sides. <c>midChannels</c> (conv1's outputs)
/// may be narrower than <c>outChannels</c> after filter pruning.
/// </summary>
public sealed class BasicBlock : Module
{
    public long InChannels { get; }
    public long OutChannels { get; }
    public long Stride { get; }
    public Conv2d Conv1 { get; }
    public BatchNorm2d Bn1 { get; }
    public Conv2d Conv2 { get; }
    public BatchNorm2d Bn2 { get; }

    /// <summary>True when the shortcut subsamples and pads: such a block can never be removed.</summary>
    public bool IsDownsampling => Stride != 1 || InChannels != OutChannels;

    public long MidChannels => Conv1.OutChannels;

    public BasicBlock(long inChannels, long outChannels, long stride = 1, long? midChannels = null)
    {
        if (stride != 1 && stride != 2) throw new ArgumentException($"BasicBlock: stride {stride} (only 1 or 2)");
        if (outChannels < inChannels || (outChannels - inChannels) % 2 != 0)
            throw new ArgumentException($"BasicBlock: option-A shortcut cannot map {inChannels} to {outChannels} channels");
        (InChannels, OutChannels, Stride) = (inChannels, outChannels, stride);
        var mid = midChannels ?? outChannels;
        Conv1 = RegisterModule("conv1", new Conv2d(inChannels, mid, 3, stride, 1, bias: false));
        Bn1 = RegisterModule("bn1", new BatchNorm2d(mid));
        Conv2 = RegisterModule("conv2", new Conv2d(mid, outChannels, 3, 1, 1, bias: false));
        Bn2 = RegisterModule("bn2", new BatchNorm2d(outChannels));
        foreach (var conv in new[] { Conv1, Conv2 })
            using (Autograd.NoGrad())
            using (var w = Init.KaimingNormal(conv.Weight.Shape, conv.Weight.Shape[1] * 9))
                conv.Weight.Copy_(w);
    }

    protected override Tensor Compute(Tensor input)
    {
        using var scope = DisposeScope.Enter();
        var h = Bn1.Forward(Conv1.Forward(input)).Relu();
        var residual = Bn2.Forward(Conv2.Forward(h));
        return scope.Keep((residual + Shortcut(input)).Relu());
    }

    private Tensor Shortcut(Tensor x)
    {
        if (!IsDownsampling) return x.Alias();
        var sub = Stride == 1 ? x.Alias() : x.Slice(2, 0, x.Size(2), Stride).Slice(3, 0, x.Size(3), Stride);
        var side = (OutChannels - InChannels) / 2;
        return sub.Pad([0, 0, 0, 0, side, side]);
    }

    public override string Describe() => $"BasicBlock({InChannels}->{MidChannels}->{OutChannels}, s={Stride})";
}
