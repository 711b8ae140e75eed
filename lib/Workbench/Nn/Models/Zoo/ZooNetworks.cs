namespace Workbench.Nn.Models.Zoo;

/// <summary>The zoo networks by their torchvision names.</summary>
public static class ZooNetworks
{
    public const string DenseNetSmall = "densenet_small";

    public static readonly IReadOnlyList<string> Names = ["vgg11_bn", "vgg16_bn", "resnet18", "resnet34", "mobilenet_v2", DenseNetSmall];

    /// <summary>The architecture of <paramref name="name"/> for a dataset (the small DenseNet gets <see cref="DenseNetConfig.Small"/>).</summary>
    public static ZooArchitecture Architecture(string name, int channels, int inputSize, int classes) => new()
    {
        Network = name, InChannels = channels, InputSize = inputSize, NumClasses = classes,
        DenseNet = name == DenseNetSmall ? DenseNetConfig.Small : null,
    };

    public static ZooNetwork Build(ZooArchitecture architecture)
    {
        architecture.Validate();
        return architecture.Network switch
        {
            "vgg11_bn" or "vgg16_bn" => new Vgg(architecture),
            "resnet18" or "resnet34" => new ResNet(architecture),
            "mobilenet_v2" => new MobileNetV2(architecture),
            _ => new DenseNet(architecture),
        };
    }
}
