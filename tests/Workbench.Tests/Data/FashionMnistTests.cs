using System.Buffers.Binary;
using System.IO.Compression;
using Workbench.Data;
using Workbench.Torch;

namespace Workbench.Tests.Data;

/// <summary>
/// The real Fashion-MNIST (from data/fashion-mnist or /usr/share/datasets/fashion-mnist), loaded
/// once for all tests here, checked against a few lines of independent parsing.
/// </summary>
public class FashionMnistTests
{
    private static readonly Lazy<Dataset> Train = new(() => FashionMnist.Load(Split.Train));
    private static readonly Lazy<Dataset> Test = new(() => FashionMnist.Load(Split.Test));

    /// <summary>The raw bytes of a gzip file from the dataset folder, read without the library.</summary>
    private static byte[] Independent(string file)
    {
        using var gzip = new GZipStream(File.OpenRead(Path.Combine(FashionMnist.DefaultFolder, file)), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        gzip.CopyTo(plain);
        return plain.ToArray();
    }

    [Fact]
    public void TrainAndTestHaveThePublishedSizes()
    {
        Assert.Equal([60000L, 1, 28, 28], Train.Value.Images.Shape);
        Assert.Equal([60000L], Train.Value.Labels.Shape);
        Assert.Equal([10000L, 1, 28, 28], Test.Value.Images.Shape);
        Assert.Equal(10, Train.Value.ClassNames.Count);
    }

    [Fact]
    public void LabelsMatchAnIndependentReadAndCoverTenClasses()
    {
        var raw = Independent("train-labels-idx1-ubyte.gz");
        Assert.Equal(0x801, BinaryPrimitives.ReadInt32BigEndian(raw));
        var labels = Train.Value.LabelArray();
        Assert.Equal(9, labels[0]); // the first training image is an ankle boot
        Assert.Equal(raw[8..].Select(b => (long)b), labels);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), labels.Distinct().Order());
        Assert.All(labels.CountBy(l => l), pair => Assert.Equal(6000, pair.Value)); // Fashion-MNIST is balanced
    }

    [Fact]
    public void PixelsAreScaledBytesOfTheFile()
    {
        var raw = Independent("t10k-images-idx3-ubyte.gz");
        using var scope = DisposeScope.Enter();
        var last = Test.Value.Images[9999].Flatten();
        Assert.Equal(raw[^784..].Select(b => b / 255f), last.ToArray<float>());
        Assert.Equal(0f, Test.Value.Images.Min().Item<float>());
        Assert.Equal(1f, Test.Value.Images.Max().Item<float>());
    }

    [Fact]
    public void NormalisationFromTheTrainingSetCentresIt()
    {
        var stats = Normalization.FromData(Train.Value);
        Assert.Equal(0.2860, stats.Mean[0], 3); // the published Fashion-MNIST mean and std
        Assert.Equal(0.3530, stats.Std[0], 3);
        using var scope = DisposeScope.Enter();
        // A sample of 10000 keeps the test quick; the synthetic test in NormalizationTests checks tightly.
        var normalised = stats.Apply(Train.Value.Images.Narrow(0, 0, 10000));
        Assert.InRange(normalised.Mean().Item<double>(), -0.02, 0.02);
        Assert.InRange(normalised.Square().Mean().Item<double>(), 0.97, 1.03);
    }

    [Fact]
    public void ValidationSplitOfTheRealSetIsDisjointAndSeparateFromTest()
    {
        var (train, validation) = ValidationSplit.Carve(Train.Value, 5000, seed: 1);
        using (train)
        using (validation)
        {
            Assert.Equal(55000, train.Count);
            Assert.Equal(5000, validation.Count);
            Assert.Equal(10000, Test.Value.Count); // the test set is untouched
            using var batch = new BatchLoader(validation, 256) { Seed = 3 }.Epoch(0).First();
            Assert.Equal([256L, 1, 28, 28], batch.Images.Shape);
        }
    }
}
