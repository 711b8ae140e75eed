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

    public static TheoryData<string> Names() => [.. ZooNetworks.Names];
}
