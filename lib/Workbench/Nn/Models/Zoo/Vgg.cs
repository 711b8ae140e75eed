using Workbench.Torch;

namespace Workbench.Nn.Models.Zoo;

/// <summary>
/// torchvision's VGG with BatchNorm (configurations A and D: vgg11_bn, vgg16_bn): 3×3 convs with bias, BN and ReLU,
/// five 2×2 max pools, adaptive average pooling to 7×7 and the 4096-4096 classifier with dropout.
/// </summary>
public sealed class Vgg : ZooNetwork
{
    private const int Pool = 0;

    private static readonly Dictionary<string, int[]> Configs = new()
    {
        ["vgg11_bn"] = [64, Pool, 128, Pool, 256, 256, Pool, 512, 512, Pool, 512, 512, Pool],
        ["vgg16_bn"] = [64, 64, Pool, 128, 128, Pool, 256, 256, 256, Pool, 512, 512, 512, Pool, 512, 512, 512, Pool],
    };

    public Sequential Features { get; }
    public AdaptiveAvgPool2d AvgPool { get; }
    public Sequential Classifier { get; }

    public Vgg(ZooArchitecture architecture) : base(architecture)
    {
        Features = RegisterModule("features", new Sequential());
        long channels = architecture.InChannels;
        foreach (var width in Configs[architecture.Network])
        {
            if (width == Pool)
            {
                Features.Add(new MaxPool2d(2, 2));
                continue;
            }
            Features.Add(new Conv2d(channels, width, 3, padding: 1));
            Features.Add(new BatchNorm2d(width));
            Features.Add(new ReLU());
            channels = width;
        }
        AvgPool = RegisterModule("avgpool", new AdaptiveAvgPool2d(7, 7));
        Classifier = RegisterModule("classifier", new Sequential(
            new Linear(channels * 7 * 7, 4096), new ReLU(), new Dropout(0.5),
            new Linear(4096, 4096), new ReLU(), new Dropout(0.5),
            new Linear(4096, architecture.NumClasses)));
    }

    protected override Tensor Compute(Tensor input)
    {
        using var scope = DisposeScope.Enter();
        var pooled = AvgPool.Forward(Features.Forward(input));
        return scope.Keep(Classifier.Forward(pooled.Flatten(1)));
    }
}
