namespace Workbench.Nn.Models;

/// <summary>The networks by the names the CLI and notebooks use.</summary>
public static class Networks
{
    public static readonly IReadOnlyList<string> Names = ["convnet", "resnet20", "resnet32", "resnet56", "resnet110", .. Zoo.ZooNetworks.Names];

    /// <summary>The widest ConvNet built by name: 8× the paper's (1024 maps) is already far past what a CPU trains.</summary>
    public const double MaxWidth = 8;

    /// <param name="name">convnet, resnetN (N = 20, 32, 56, 110), or a zoo network by its torchvision name (<see cref="Zoo.ZooNetworks.Names"/>).</param>
    /// <param name="channels">input channels (1 for the MNISTs, 3 for CIFAR-10).</param>
    /// <param name="inputSize">input height and width.</param>
    /// <param name="classes">output classes.</param>
    /// <param name="width">the ConvNet's width multiplier (ignored by the others).</param>
    public static Module Create(string name, int channels, int inputSize, int classes = 10, double width = 1) => name switch
    {
        "convnet" => ConvNet.Create(channels, inputSize, classes, width),
        "resnet20" or "resnet32" or "resnet56" or "resnet110" => ResNetCifar.Create(int.Parse(name["resnet".Length..]), channels, inputSize, classes),
        _ when Zoo.ZooNetworks.Names.Contains(name) => Zoo.ZooNetworks.Build(Zoo.ZooNetworks.Architecture(name, channels, inputSize, classes)),
        _ => throw new ArgumentException($"unknown model '{name}': expected one of {string.Join(", ", Names)}", nameof(name)),
    };
}
