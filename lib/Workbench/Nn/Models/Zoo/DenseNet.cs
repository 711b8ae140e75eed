using Workbench.Torch;

namespace Workbench.Nn.Models.Zoo;

/// <summary>
/// torchvision's DenseNet-BC layout and names (<c>features.conv0</c>, <c>features.denseblock1.denselayer1.norm1</c>,
/// <c>features.transition1.conv</c>, <c>features.norm5</c>, <c>classifier</c>), with growth rate, blocks and stem width
/// from <see cref="DenseNetConfig"/>: a 7×7 stride-2 stem and max pool, dense blocks joined by transitions that halve
/// the width (1×1 conv) and the size (2×2 average pool), a last BN, ReLU, global pooling and a linear classifier.
/// </summary>
public sealed class DenseNet : ZooNetwork
{
    public NamedSequential Features { get; }
    public Linear Classifier { get; }

    public DenseNet(ZooArchitecture architecture) : base(architecture)
    {
        var config = architecture.DenseNet!;
        Features = RegisterModule("features", new NamedSequential()
            .Add("conv0", new Conv2d(architecture.InChannels, config.InitFeatures, 7, 2, 3, bias: false))
            .Add("norm0", new BatchNorm2d(config.InitFeatures))
            .Add("relu0", new ReLU())
            .Add("pool0", new MaxPool2d(3, 2, 1)));
        long channels = config.InitFeatures;
        for (var i = 0; i < config.BlockConfig.Length; i++)
        {
            Features.Add($"denseblock{i + 1}", new DenseBlock(config.BlockConfig[i], channels, config.GrowthRate, config.BnSize));
            channels += config.BlockConfig[i] * config.GrowthRate;
            if (i == config.BlockConfig.Length - 1) break;
            Features.Add($"transition{i + 1}", new NamedSequential()
                .Add("norm", new BatchNorm2d(channels))
                .Add("relu", new ReLU())
                .Add("conv", new Conv2d(channels, channels / 2, 1, bias: false))
                .Add("pool", new AvgPool2d(2, 2)));
            channels /= 2;
        }
        Features.Add("norm5", new BatchNorm2d(channels));
        Classifier = RegisterModule("classifier", new Linear(channels, architecture.NumClasses));
    }

    protected override Tensor Compute(Tensor input)
    {
        using var scope = DisposeScope.Enter();
        var pooled = Functional.AdaptiveAvgPool2d(Features.Forward(input).Relu(), 1, 1);
        return scope.Keep(Classifier.Forward(pooled.Flatten(1)));
    }
}
