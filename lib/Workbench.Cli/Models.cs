using Workbench.Nn;
using Workbench.Nn.Models;

namespace Workbench.Cli;

/// <summary>The networks the CLI builds by name.</summary>
internal static class Models
{
    public static readonly string[] Names = ["convnet", "resnet20", "resnet32", "resnet56", "resnet110"];

    public static Module Create(string name, int channels, int inputSize, int classes, double width) => name switch
    {
        "convnet" => ConvNet.Create(channels, inputSize, classes, width),
        "resnet20" or "resnet32" or "resnet56" or "resnet110" => ResNetCifar.Create(int.Parse(name["resnet".Length..]), channels, inputSize, classes),
        _ => throw new ArgumentException($"unknown model '{name}': expected one of {string.Join(", ", Names)}"),
    };
}
