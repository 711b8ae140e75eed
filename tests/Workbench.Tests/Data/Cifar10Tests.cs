using Workbench.Data;
using Workbench.Torch;

namespace Workbench.Tests.Data;

/// <summary>The CIFAR-10 binary reader on small files written in the published record format.</summary>
public class Cifar10Tests
{
    [Fact]
    public void RecordsSplitIntoLabelsAndChwPixels()
    {
        using var folder = new TempFolder();
        var path = folder.Write("test_batch.bin", DataFiles.CifarRecords([3, 0, 9]));
        var (pixels, labels) = Cifar10.ReadBatchFile(path);
        Assert.Equal([3, 0, 9], labels);
        Assert.Equal(3 * 3072, pixels.Length);
        Assert.Equal(DataFiles.Pixel(2, 1, 5, 7), pixels[2 * 3072 + 1 * 1024 + 5 * 32 + 7]);
    }

    [Fact]
    public void LoadBuildsOneTensorInFileOrder()
    {
        using var folder = new TempFolder();
        var image = 0;
        for (int b = 1; b <= 5; b++)
        {
            folder.Write($"data_batch_{b}.bin", DataFiles.CifarRecords([(byte)b, (byte)(b - 1)], firstImage: image));
            image += 2;
        }
        folder.Write("test_batch.bin", DataFiles.CifarRecords([8], firstImage: 100));

        using var train = Cifar10.Load(Split.Train, folder.Path);
        Assert.Equal([10L, 3, 32, 32], train.Images.Shape);
        Assert.Equal([1L, 0, 2, 1, 3, 2, 4, 3, 5, 4], train.LabelArray());
        using var scope = DisposeScope.Enter();
        // Image 7 (second of batch 4), channel 2, row 31, column 0.
        Assert.Equal(DataFiles.Pixel(7, 2, 31, 0) / 255f, train.Images[7, 2, 31, 0].Item<float>());

        using var test = Cifar10.Load(Split.Test, folder.Path);
        Assert.Equal(1, test.Count);
        Assert.Equal(DataFiles.Pixel(100, 0, 1, 2) / 255f, test.Images[0, 0, 1, 2].Item<float>());
        Assert.Equal("ship", test.ClassNames[(int)test.LabelArray()[0]]);
    }

    [Fact]
    public void WrongRecordSizeNamesTheFile()
    {
        using var folder = new TempFolder();
        var path = folder.Write("test_batch.bin", DataFiles.CifarRecords([1, 2])[..^100]);
        var e = Assert.Throws<InvalidDataException>(() => Cifar10.ReadBatchFile(path));
        Assert.StartsWith(path, e.Message);
        Assert.Contains("6046 bytes is not a whole number of 3073-byte records", e.Message);
    }

    [Fact]
    public void EmptyFileNamesTheFile()
    {
        using var folder = new TempFolder();
        var path = folder.Write("data_batch_3.bin", []);
        var e = Assert.Throws<InvalidDataException>(() => Cifar10.ReadBatchFile(path));
        Assert.StartsWith(path, e.Message);
    }

    [Fact]
    public void LabelOutsideTheClassesNamesTheFile()
    {
        using var folder = new TempFolder();
        var path = folder.Write("test_batch.bin", DataFiles.CifarRecords([1, 200]));
        var e = Assert.Throws<InvalidDataException>(() => Cifar10.ReadBatchFile(path));
        Assert.StartsWith(path, e.Message);
        Assert.Contains("label 200 at index 1", e.Message);
    }

    [Fact]
    public void MissingFileSaysHowToGetIt()
    {
        using var folder = new TempFolder();
        var e = Assert.Throws<FileNotFoundException>(() => Cifar10.Load(Split.Test, folder.Path));
        Assert.Contains(folder["test_batch.bin"], e.Message);
        Assert.Contains("./workbench data cifar10", e.Message);
        Assert.Contains(Cifar10Download.Source.ToString(), e.Message);
    }
}
