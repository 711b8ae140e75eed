using Workbench.Nn;
using Workbench.Nn.Models.Zoo;

namespace Workbench.Tests.Nn.Zoo;

/// <summary>The zoo networks as the tests build them: the real torchvision widths on small images and few classes.</summary>
internal static class ZooFixtures
{
    public const int Classes = 7;
    public const int Side = 32;

    /// <summary>The smallest DenseNet-BC that still has two blocks, a transition and layers reading concatenations of three inputs.</summary>
    public static readonly DenseNetConfig TinyDenseNet = new() { GrowthRate = 4, BlockConfig = [2, 3], InitFeatures = 8, BnSize = 2 };

    public static ZooArchitecture Architecture(string name) =>
        ZooNetworks.Architecture(name, 3, Side, Classes) with { DenseNet = name == ZooNetworks.DenseNetSmall ? TinyDenseNet : null };

    public static ZooNetwork Create(string name) => ZooNetworks.Build(Architecture(name));

    /// <summary>
    /// <see cref="ModelFixtures.GiveTrainedState"/> with BatchNorm gains of 2 to 3: about what keeps the signal's scale through a
    /// default-initialised conv and a ReLU. With the smaller gains, VGG-16's and MobileNetV2's logits no longer depend on the
    /// image (both images of a batch gave the same logits) and MobileNetV2's ReLU6 never clamped, so a comparison proved little.
    /// </summary>
    public static void GiveLiveState(Module model, int seed)
    {
        ModelFixtures.GiveTrainedState(model, seed);
        using var noGrad = Workbench.Torch.Autograd.NoGrad();
        foreach (var bn in model.NamedModules().Select(m => m.Module).OfType<BatchNorm2d>())
        {
            bn.Weight.Mul_(2.5);
            bn.Weight.Add_(1.5);
        }
    }

    public static TheoryData<string> Names() => [.. ZooNetworks.Names];
}
