using Workbench.Torch;

namespace Workbench.Nn.Models.Zoo;

/// <summary>
/// torchvision's ResNet basic block: relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut), the shortcut a 1×1 conv and BN
/// (<c>downsample</c>) when the block changes width or stride, else x itself.
/// </summary>
public sealed class ResNetBasicBlock : Module
{
    public Conv2d Conv1 { get; }
    public BatchNorm2d Bn1 { get; }
    public Conv2d Conv2 { get; }
    public BatchNorm2d Bn2 { get; }
    public Sequential? Downsample { get; }

    public ResNetBasicBlock(long inChannels, long channels, long stride)
    {
        Conv1 = RegisterModule("conv1", new Conv2d(inChannels, channels, 3, stride, 1, bias: false));
        Bn1 = RegisterModule("bn1", new BatchNorm2d(channels));
        Conv2 = RegisterModule("conv2", new Conv2d(channels, channels, 3, 1, 1, bias: false));
        Bn2 = RegisterModule("bn2", new BatchNorm2d(channels));
        if (stride != 1 || inChannels != channels)
            Downsample = RegisterModule("downsample", new Sequential(new Conv2d(inChannels, channels, 1, stride, bias: false), new BatchNorm2d(channels)));
    }

    protected override Tensor Compute(Tensor input)
    {
        using var scope = DisposeScope.Enter();
        var h = Bn1.Forward(Conv1.Forward(input)).Relu();
        var residual = Bn2.Forward(Conv2.Forward(h));
        var shortcut = Downsample?.Forward(input) ?? input.Alias();
        return scope.Keep((residual + shortcut).Relu());
    }

    public override string Describe() => $"ResNetBasicBlock({Conv1.InChannels}->{Conv2.OutChannels}, s={Conv1.Stride})";
}
