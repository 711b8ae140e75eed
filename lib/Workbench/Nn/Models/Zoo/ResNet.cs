using Workbench.Torch;

namespace Workbench.Nn.Models.Zoo;

/// <summary>
/// torchvision's ResNet-18 and ResNet-34: a 7×7 stride-2 stem conv, BN, ReLU and a 3×3 stride-2 max pool, four stages
/// of basic blocks (64, 128, 256, 512 channels), adaptive average pooling and the <c>fc</c> classifier.
/// </summary>
public sealed class ResNet : ZooNetwork
{
    private static readonly long[] StageWidths = [64, 128, 256, 512];

    private static readonly Dictionary<string, int[]> BlockCounts = new()
    {
        ["resnet18"] = [2, 2, 2, 2],
        ["resnet34"] = [3, 4, 6, 3],
    };

    public Conv2d Conv1 { get; }
    public BatchNorm2d Bn1 { get; }
    public MaxPool2d MaxPool { get; }
    public IReadOnlyList<Sequential> Stages { get; }
    public AdaptiveAvgPool2d AvgPool { get; }
    public Linear Fc { get; }

    public ResNet(ZooArchitecture architecture) : base(architecture)
    {
        Conv1 = RegisterModule("conv1", new Conv2d(architecture.InChannels, 64, 7, 2, 3, bias: false));
        Bn1 = RegisterModule("bn1", new BatchNorm2d(64));
        MaxPool = RegisterModule("maxpool", new MaxPool2d(3, 2, 1));
        var stages = new List<Sequential>();
        long channels = 64;
        var counts = BlockCounts[architecture.Network];
        for (var s = 0; s < StageWidths.Length; s++)
        {
            var stage = new Sequential();
            for (var b = 0; b < counts[s]; b++)
            {
                stage.Add(new ResNetBasicBlock(channels, StageWidths[s], s > 0 && b == 0 ? 2 : 1));
                channels = StageWidths[s];
            }
            stages.Add(RegisterModule($"layer{s + 1}", stage));
        }
        Stages = stages;
        AvgPool = RegisterModule("avgpool", new AdaptiveAvgPool2d(1, 1));
        Fc = RegisterModule("fc", new Linear(channels, architecture.NumClasses));
    }

    protected override Tensor Compute(Tensor input)
    {
        using var scope = DisposeScope.Enter();
        var x = MaxPool.Forward(Bn1.Forward(Conv1.Forward(input)).Relu());
        foreach (var stage in Stages) x = stage.Forward(x);
        return scope.Keep(Fc.Forward(AvgPool.Forward(x).Flatten(1)));
    }
}
