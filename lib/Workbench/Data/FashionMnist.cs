namespace Workbench.Data;

/// <summary>Fashion-MNIST: 60000 training and 10000 test grey 28x28 images of ten kinds of clothing.</summary>
public static class FashionMnist
{
    public const string FolderName = "fashion-mnist";

    /// <summary>A system-wide copy, used when the repository's data folder has none.</summary>
    public const string SystemFolder = "/usr/share/datasets/fashion-mnist";

    public static readonly IReadOnlyList<string> ClassNames =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary><c>data/fashion-mnist/</c> when it holds files, else <see cref="SystemFolder"/>.</summary>
    public static string DefaultFolder => DataPaths.Resolve(FolderName, SystemFolder);

    public static Dataset Load(Split split, string? folder = null) =>
        MnistFormat.Load(folder ?? DefaultFolder, split, ClassNames, "Fashion-MNIST");
}
