namespace Workbench.Nn.Models.Zoo;

/// <summary>torchvision's Conv2dNormActivation as MobileNetV2 uses it: conv (no bias, "same" padding), BN, ReLU6, named 0, 1, 2.</summary>
public static class ConvNormActivation
{
    public static Sequential Create(long inChannels, long outChannels, long kernelSize, long stride = 1, long groups = 1) =>
        new(new Conv2d(inChannels, outChannels, kernelSize, stride, (kernelSize - 1) / 2, bias: false, groups: groups),
            new BatchNorm2d(outChannels), new ReLU6());
}
