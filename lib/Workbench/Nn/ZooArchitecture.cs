namespace Workbench.Nn;

/// <summary>
/// A network of torchvision's model zoo by its torchvision name (<c>resnet18</c>, <c>vgg16_bn</c>, ...), built for a
/// dataset's channels, image size and classes. Checkpoint headers are untrusted, so <see cref="Validate"/> bounds
/// every size before anything is allocated. The widths it builds are torchvision's; a pruned, compacted zoo network
/// takes its own from its checkpoint's tensors (<see cref="WidthsFromState"/>).
/// </summary>
public sealed record ZooArchitecture : Architecture
{
    public const int MaxInChannels = 16;
    public const int MaxInputSize = 1024;
    public const int MaxClasses = 10_000;

    /// <summary>The torchvision name (one of <see cref="Models.Zoo.ZooNetworks.Names"/>).</summary>
    public string Network { get; init; } = "";

    /// <summary>The DenseNet's growth and blocks; present for <c>densenet_small</c> only.</summary>
    public DenseNetConfig? DenseNet { get; init; }

    public override Module Build() => Models.Zoo.ZooNetworks.Build(this);

    public override bool WidthsFromState => true;

    /// <exception cref="ArgumentException">Names the field that is unknown or out of its bounds.</exception>
    public void Validate()
    {
        if (!Models.Zoo.ZooNetworks.Names.Contains(Network))
            throw new ArgumentException($"unknown zoo network '{Network}': expected one of {string.Join(", ", Models.Zoo.ZooNetworks.Names)}");
        if ((Network == Models.Zoo.ZooNetworks.DenseNetSmall) != (DenseNet is not null))
            throw new ArgumentException($"{Network}: a DenseNet config is required for {Models.Zoo.ZooNetworks.DenseNetSmall} and only there");
        DenseNet?.Validate();
        Bound($"{Network}: inChannels", InChannels, 1, MaxInChannels);
        Bound($"{Network}: numClasses", NumClasses, 1, MaxClasses);
        Bound($"{Network}: inputSize (the image side)", InputSize, MinInputSize, MaxInputSize);
    }

    /// <summary>The smallest image whose feature maps survive every downsampling (VGG's five 2×2 pools; DenseNet's stem and transitions).</summary>
    public int MinInputSize => Network switch
    {
        "vgg11_bn" or "vgg16_bn" => 32,
        Models.Zoo.ZooNetworks.DenseNetSmall when DenseNet is { } d => 4 << Math.Clamp(d.BlockConfig.Length - 1, 0, DenseNetConfig.MaxBlocks),
        _ => 1,
    };

    internal static void Bound(string field, int value, int min, int max)
    {
        if (value < min || value > max) throw new ArgumentException($"{field} is {value}, expected {min} to {max}");
    }

    public bool Equals(ZooArchitecture? other) =>
        other is not null && base.Equals(other) && Network == other.Network && Equals(DenseNet, other.DenseNet);

    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Network, DenseNet);
}

/// <summary>torchvision's DenseNet parameters (DenseNet-BC: bottleneck 1×1 convs, transitions halve the width).</summary>
public sealed record DenseNetConfig
{
    public const int MaxGrowthRate = 48;
    public const int MaxBlocks = 4;
    public const int MaxLayersPerBlock = 48;
    public const int MaxInitFeatures = 256;
    public const int MaxBnSize = 4;

    public int GrowthRate { get; init; } = 12;
    public int[] BlockConfig { get; init; } = [4, 8, 6];
    public int InitFeatures { get; init; } = 24;
    /// <summary>The bottleneck's width as a multiple of the growth rate.</summary>
    public int BnSize { get; init; } = 4;

    /// <summary>What <c>densenet_small</c> builds: three blocks of DenseNet-BC's growth rate 12 (18 dense layers).</summary>
    public static DenseNetConfig Small => new();

    public void Validate()
    {
        ZooArchitecture.Bound("densenet_small: denseNet.growthRate", GrowthRate, 1, MaxGrowthRate);
        ZooArchitecture.Bound("densenet_small: denseNet.blockConfig length", BlockConfig?.Length ?? 0, 1, MaxBlocks);
        foreach (var n in BlockConfig!) ZooArchitecture.Bound("densenet_small: denseNet.blockConfig entry", n, 1, MaxLayersPerBlock);
        ZooArchitecture.Bound("densenet_small: denseNet.initFeatures", InitFeatures, 1, MaxInitFeatures);
        ZooArchitecture.Bound("densenet_small: denseNet.bnSize", BnSize, 1, MaxBnSize);
    }

    public bool Equals(DenseNetConfig? other) =>
        other is not null && GrowthRate == other.GrowthRate && BlockConfig.SequenceEqual(other.BlockConfig)
        && InitFeatures == other.InitFeatures && BnSize == other.BnSize;

    public override int GetHashCode() => HashCode.Combine(GrowthRate, BlockConfig.Length, InitFeatures, BnSize);
}
