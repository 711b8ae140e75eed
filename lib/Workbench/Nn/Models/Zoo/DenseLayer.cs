using Workbench.Torch;

namespace Workbench.Nn.Models.Zoo;

/// <summary>
/// torchvision's DenseNet-BC layer on the concatenation of every earlier map of its block:
/// conv2(relu(norm2(conv1(relu(norm1(x)))))), a 1×1 bottleneck of bnSize·growth maps, then growth new maps.
/// </summary>
public sealed class DenseLayer : Module
{
    public BatchNorm2d Norm1 { get; }
    public Conv2d Conv1 { get; }
    public BatchNorm2d Norm2 { get; }
    public Conv2d Conv2 { get; }

    public DenseLayer(long inChannels, long growthRate, long bnSize)
    {
        Norm1 = RegisterModule("norm1", new BatchNorm2d(inChannels));
        Conv1 = RegisterModule("conv1", new Conv2d(inChannels, bnSize * growthRate, 1, bias: false));
        Norm2 = RegisterModule("norm2", new BatchNorm2d(bnSize * growthRate));
        Conv2 = RegisterModule("conv2", new Conv2d(bnSize * growthRate, growthRate, 3, 1, 1, bias: false));
    }

    protected override Tensor Compute(Tensor input)
    {
        using var scope = DisposeScope.Enter();
        var bottleneck = Conv1.Forward(Norm1.Forward(input).Relu());
        return scope.Keep(Conv2.Forward(Norm2.Forward(bottleneck).Relu()));
    }
}
