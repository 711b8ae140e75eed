namespace Workbench.Data;

/// <summary>
/// Loads a folder laid out like MNIST: train-images-idx3-ubyte, train-labels-idx1-ubyte,
/// t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte, each optionally ending in .gz.
/// MNIST and Fashion-MNIST share this layout and differ only in their class names.
/// </summary>
public static class MnistFormat
{
    public static (string Images, string Labels) FileNames(Split split)
    {
        var prefix = split == Split.Train ? "train" : "t10k";
        return ($"{prefix}-images-idx3-ubyte", $"{prefix}-labels-idx1-ubyte");
    }

    public static Dataset Load(string folder, Split split, IReadOnlyList<string> classNames, string name)
    {
        var (imageName, labelName) = FileNames(split);
        var imagesPath = Locate(folder, imageName, name);
        var labelsPath = Locate(folder, labelName, name);

        var images = IdxFile.Read(imagesPath, IdxFile.ImageMagic);
        var labels = IdxFile.Read(labelsPath, IdxFile.LabelMagic);
        var (count, height, width) = (images.Sizes[0], images.Sizes[1], images.Sizes[2]);
        if (labels.Sizes[0] != count)
            throw BadData.In(labelsPath, $"holds {labels.Sizes[0]} labels but {imagesPath} holds {count} images");
        BadData.CheckLabels(labelsPath, labels.Data, classNames.Count);

        return Dataset.FromBytes(images.Data, labels.Data, count, 1, height, width, classNames, $"{name} {split.ToString().ToLowerInvariant()}");
    }

    // The compressed name first: that is how the files are published.
    private static string Locate(string folder, string baseName, string dataset)
    {
        foreach (var candidate in new[] { baseName + ".gz", baseName })
        {
            var path = Path.Combine(folder, candidate);
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException(
            $"{dataset}: neither {baseName}.gz nor {baseName} is in {folder}; put the four IDX files of {dataset} there " +
            $"(or set {DataPaths.EnvironmentVariable} to a folder holding a '{Path.GetFileName(folder)}' folder)",
            Path.Combine(folder, baseName + ".gz"));
    }
}
