namespace Workbench.Data;

/// <summary>The datasets by the names the CLI and notebooks use: fashion-mnist, mnist, cifar10.</summary>
public static class Datasets
{
    public static readonly IReadOnlyList<string> Names = ["fashion-mnist", "mnist", "cifar10"];

    public static Dataset Load(string name, Split split) => Normalize(name) switch
    {
        "fashion-mnist" => FashionMnist.Load(split),
        "mnist" => Mnist.Load(split),
        "cifar10" => Cifar10.Load(split),
        _ => throw new ArgumentException($"unknown dataset '{name}': expected one of {string.Join(", ", Names)}", nameof(name)),
    };

    /// <summary>
    /// The dataset a name stands for: "auto" is CIFAR-10 when it has been downloaded (the papers'
    /// dataset), else Fashion-MNIST (on every machine); other names are returned normalised.
    /// </summary>
    public static string Resolve(string name) =>
        Normalize(name) == "auto" ? (Cifar10.IsComplete(Cifar10.DefaultFolder) ? "cifar10" : "fashion-mnist") : Normalize(name);

    /// <summary>The training recipe's augmentation: pad-4 crop and flip for CIFAR-10, none for the MNISTs (flips would change digits).</summary>
    public static Augmentation? DefaultAugmentation(string name) => Normalize(name) == "cifar10" ? Augmentation.CifarRecipe : null;

    private static string Normalize(string name) => name.Trim().ToLowerInvariant() switch
    {
        "fashion-mnist" or "fashionmnist" or "fmnist" => "fashion-mnist",
        "cifar10" or "cifar-10" => "cifar10",
        var other => other,
    };
}
