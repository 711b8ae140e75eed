using Workbench.Torch;

namespace Workbench.Nn.Models.Zoo;

/// <summary>
/// MobileNetV2's block, as torchvision names it (<c>conv.0.0.weight</c>): a 1×1 expansion (absent when the ratio is 1),
/// a 3×3 depthwise conv, and a linear 1×1 projection with BN; the input is added back when stride and width allow.
/// </summary>
public sealed class InvertedResidual : Module
{
    public Sequential Conv { get; }
    public bool UsesResidual { get; }

    public InvertedResidual(long inChannels, long outChannels, long stride, int expandRatio)
    {
        var hidden = inChannels * expandRatio;
        UsesResidual = stride == 1 && inChannels == outChannels;
        Conv = RegisterModule("conv", new Sequential());
        if (expandRatio != 1) Conv.Add(ConvNormActivation.Create(inChannels, hidden, 1));
        Conv.Add(ConvNormActivation.Create(hidden, hidden, 3, stride, groups: hidden));
        Conv.Add(new Conv2d(hidden, outChannels, 1, bias: false));
        Conv.Add(new BatchNorm2d(outChannels));
    }

    protected override Tensor Compute(Tensor input)
    {
        if (!UsesResidual) return Conv.Forward(input);
        using var branch = Conv.Forward(input);
        return input + branch;
    }
}
