namespace Workbench.Data;

/// <summary>
/// CIFAR-10 in its binary format (the folder cifar-10-batches-bin of cifar-10-binary.tar.gz):
/// data_batch_1.bin .. data_batch_5.bin for training and test_batch.bin, each a run of
/// records of one label byte followed by 3072 pixel bytes, channel by channel (CHW) of a
/// 32x32 colour image.
/// </summary>
public static class Cifar10
{
    public const string FolderName = "cifar-10-batches-bin";
    public const int Channels = 3, Height = 32, Width = 32;
    public const int ImageBytes = Channels * Height * Width;
    public const int RecordBytes = 1 + ImageBytes;

    public static readonly IReadOnlyList<string> ClassNames =
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    public static readonly IReadOnlyList<string> TrainFiles =
        ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"];

    public const string TestFile = "test_batch.bin";

    /// <summary><c>&lt;data root&gt;/cifar-10-batches-bin</c>.</summary>
    public static string DefaultFolder => Path.Combine(DataPaths.DataRoot, FolderName);

    public static IReadOnlyList<string> Files(Split split) => split == Split.Train ? TrainFiles : [TestFile];

    /// <summary>Whether <paramref name="folder"/> holds every batch file (what a finished download leaves).</summary>
    public static bool IsComplete(string folder) =>
        TrainFiles.Append(TestFile).All(f => File.Exists(Path.Combine(folder, f)));

    public static Dataset Load(Split split, string? folder = null)
    {
        folder ??= DefaultFolder;
        var parts = Files(split).Select(f => ReadBatchFile(Path.Combine(folder, f))).ToList();
        var count = parts.Sum(p => p.Labels.Length);
        var pixels = new byte[(long)count * ImageBytes];
        var labels = new byte[count];
        int at = 0;
        foreach (var (partPixels, partLabels) in parts)
        {
            partPixels.CopyTo(pixels, (long)at * ImageBytes);
            partLabels.CopyTo(labels, at);
            at += partLabels.Length;
        }
        return Dataset.FromBytes(pixels, labels, count, Channels, Height, Width, ClassNames, $"CIFAR-10 {split.ToString().ToLowerInvariant()}");
    }

    /// <summary>Splits one batch file into its pixels (N x 3072, CHW per image) and labels.</summary>
    public static (byte[] Pixels, byte[] Labels) ReadBatchFile(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException(
                $"CIFAR-10 file {path} is missing. Run `./workbench data cifar10`, or download {Cifar10Download.Source} " +
                $"by hand and extract it so that {Path.GetDirectoryName(path)} holds {string.Join(", ", TrainFiles)} and {TestFile}", path);
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length == 0 || bytes.Length % RecordBytes != 0)
            throw BadData.In(path, $"{bytes.Length} bytes is not a whole number of {RecordBytes}-byte records (1 label byte + {ImageBytes} pixel bytes); the file is truncated or not CIFAR-10 binary");

        var count = bytes.Length / RecordBytes;
        var pixels = new byte[(long)count * ImageBytes];
        var labels = new byte[count];
        for (int i = 0; i < count; i++)
        {
            var record = bytes.AsSpan(i * RecordBytes, RecordBytes);
            labels[i] = record[0];
            record[1..].CopyTo(pixels.AsSpan(i * ImageBytes, ImageBytes));
        }
        BadData.CheckLabels(path, labels, ClassNames.Count);
        return (pixels, labels);
    }
}
