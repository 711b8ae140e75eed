using Workbench.Data;
using Workbench.Torch;

namespace Workbench.Tests.Data;

/// <summary>A folder of four IDX files becomes a Dataset; inconsistent folders are reported by file.</summary>
public class MnistFormatTests
{
    private static void WriteSplit(TempFolder folder, string prefix, int count, byte[] labels, bool gzip)
    {
        var images = DataFiles.Idx([count, 3, 2], DataFiles.GreyPixels(count, 3, 2));
        var labelFile = DataFiles.Idx([labels.Length], labels);
        var suffix = gzip ? ".gz" : "";
        folder.Write($"{prefix}-images-idx3-ubyte{suffix}", gzip ? DataFiles.Gzip(images) : images);
        folder.Write($"{prefix}-labels-idx1-ubyte{suffix}", gzip ? DataFiles.Gzip(labelFile) : labelFile);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LoadsImagesScaledToUnitRangeWithInt64Labels(bool gzip)
    {
        using var folder = new TempFolder();
        WriteSplit(folder, "train", 4, [5, 0, 4, 1], gzip);
        WriteSplit(folder, "t10k", 2, [7, 2], gzip);

        using var train = FashionMnist.Load(Split.Train, folder.Path);
        Assert.Equal([4L, 1, 3, 2], train.Images.Shape);
        Assert.Equal(DType.Float32, train.Images.DType);
        Assert.Equal(DType.Int64, train.Labels.DType);
        Assert.Equal([5L, 0, 4, 1], train.LabelArray());
        var expected = DataFiles.GreyPixels(4, 3, 2).Select(b => b / 255f).ToArray();
        Assert.Equal(expected, train.Images.ToArray<float>());
        Assert.Equal("Ankle boot", train.ClassNames[9]);

        using var test = Mnist.Load(Split.Test, folder.Path);
        Assert.Equal(2, test.Count);
        Assert.Equal([7L, 2], test.LabelArray());
    }

    [Fact]
    public void ImageAndLabelCountMismatchNamesBothFiles()
    {
        using var folder = new TempFolder();
        WriteSplit(folder, "train", 3, [1, 2], gzip: false);
        var e = Assert.Throws<InvalidDataException>(() => FashionMnist.Load(Split.Train, folder.Path));
        Assert.StartsWith(folder["train-labels-idx1-ubyte"], e.Message);
        Assert.Contains("holds 2 labels", e.Message);
        Assert.Contains(folder["train-images-idx3-ubyte"] + " holds 3 images", e.Message);
    }

    [Fact]
    public void LabelOutsideTheClassesNamesTheFile()
    {
        using var folder = new TempFolder();
        WriteSplit(folder, "train", 2, [1, 10], gzip: false);
        var e = Assert.Throws<InvalidDataException>(() => Mnist.Load(Split.Train, folder.Path));
        Assert.StartsWith(folder["train-labels-idx1-ubyte"], e.Message);
        Assert.Contains("label 10 at index 1 is outside 0..9", e.Message);
    }

    [Fact]
    public void MissingFileSaysWhereToPutIt()
    {
        using var folder = new TempFolder();
        var e = Assert.Throws<FileNotFoundException>(() => FashionMnist.Load(Split.Test, folder.Path));
        Assert.Contains("t10k-images-idx3-ubyte.gz", e.Message);
        Assert.Contains(folder.Path, e.Message);
    }
}
