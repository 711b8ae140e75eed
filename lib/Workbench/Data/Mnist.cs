namespace Workbench.Data;

/// <summary>MNIST: 60000 training and 10000 test grey 28x28 images of handwritten digits.</summary>
public static class Mnist
{
    public const string FolderName = "mnist";

    /// <summary>A system-wide copy, used when the repository's data folder has none.</summary>
    public const string SystemFolder = "/usr/share/datasets/mnist";

    public static readonly IReadOnlyList<string> ClassNames = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    public static string DefaultFolder => DataPaths.Resolve(FolderName, SystemFolder);

    public static Dataset Load(Split split, string? folder = null) =>
        MnistFormat.Load(folder ?? DefaultFolder, split, ClassNames, "MNIST");
}
