using Workbench.Torch;

namespace Workbench.Nn.Models.Zoo;

/// <summary>
/// torchvision's MobileNetV2 at width 1.0: a stride-2 3×3 stem, seventeen inverted residual blocks, a 1×1 conv to 1280
/// maps, global average pooling and the dropout-linear classifier.
/// </summary>
public sealed class MobileNetV2 : ZooNetwork
{
    // (expansion t, output channels c, blocks n, first stride s), the paper's Table 2.
    private static readonly (int T, int C, int N, int S)[] Settings =
        [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1)];

    private const int StemChannels = 32;
    private const int LastChannels = 1280;

    public Sequential Features { get; }
    public Sequential Classifier { get; }

    public MobileNetV2(ZooArchitecture architecture) : base(architecture)
    {
        Features = RegisterModule("features", new Sequential(ConvNormActivation.Create(architecture.InChannels, StemChannels, 3, 2)));
        long channels = StemChannels;
        foreach (var (t, c, n, s) in Settings)
            for (var i = 0; i < n; i++)
            {
                Features.Add(new InvertedResidual(channels, c, i == 0 ? s : 1, t));
                channels = c;
            }
        Features.Add(ConvNormActivation.Create(channels, LastChannels, 1));
        Classifier = RegisterModule("classifier", new Sequential(new Dropout(0.2), new Linear(LastChannels, architecture.NumClasses)));
    }

    protected override Tensor Compute(Tensor input)
    {
        using var scope = DisposeScope.Enter();
        var pooled = Functional.AdaptiveAvgPool2d(Features.Forward(input), 1, 1);
        return scope.Keep(Classifier.Forward(pooled.Flatten(1)));
    }
}
