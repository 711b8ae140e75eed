using FsCheck;
using FsCheck.Fluent;
using Workbench.Data;
using Workbench.Torch;

namespace Workbench.Tests.Data;

/// <summary>The batch loader: every image once per epoch, order fixed by seed and epoch, images with their labels.</summary>
public class BatchLoaderTests
{
    private static List<long[]> Labels(BatchLoader loader, int epoch) =>
        loader.Epoch(epoch).Select(batch => { using (batch) return batch.Labels.ToArray<long>(); }).ToList();

    [Fact]
    public void EachEpochCoversEveryIndexExactlyOnce()
    {
        var cases = from n in Gen.Choose(1, 300)
                    from batchSize in Gen.Choose(1, 70)
                    from dropLast in Gen.Choose(0, 1)
                    from seed in Gen.Choose(0, 1000)
                    select (n, batchSize, dropLast: dropLast == 1, seed);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            using var data = IndexedData.Create(c.n);
            var loader = new BatchLoader(data, c.batchSize) { DropLast = c.dropLast, Seed = c.seed };
            var seen = new List<long>();
            var sizes = new List<int>();
            foreach (var batch in loader.Epoch(0))
                using (batch)
                {
                    var labels = batch.Labels.ToArray<long>();
                    Assert.Equal(labels, IndexedData.Ids(batch.Images)); // images travel with their labels
                    Assert.Equal(labels, batch.Indices);
                    seen.AddRange(labels);
                    sizes.Add(batch.Count);
                }
            var full = c.n / c.batchSize;
            var expectedCount = c.dropLast ? full * c.batchSize : c.n;
            return sizes.Count == loader.BatchCount
                && sizes.Take(full).All(s => s == c.batchSize)
                && seen.Count == expectedCount
                && seen.Distinct().Count() == expectedCount
                && seen.All(i => i >= 0 && i < c.n)
                && (c.dropLast || seen.Order().SequenceEqual(Enumerable.Range(0, c.n).Select(i => (long)i)));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void SameSeedAndEpochGiveTheSameOrder()
    {
        using var data = IndexedData.Create(100);
        var a = new BatchLoader(data, 16) { Seed = 5 };
        var b = new BatchLoader(data, 16) { Seed = 5 };
        Assert.Equal(Labels(a, 3), Labels(b, 3));
        Assert.Equal(a.Order(3), Labels(a, 3).SelectMany(l => l));
        Assert.NotEqual(a.Order(3), a.Order(4));
        Assert.NotEqual(a.Order(0), new BatchLoader(data, 16) { Seed = 6 }.Order(0));
    }

    [Fact]
    public void WithoutShuffleBatchesFollowTheDataset()
    {
        using var data = IndexedData.Create(10);
        var batches = Labels(new BatchLoader(data, 4) { Shuffle = false }, 0);
        Assert.Equal(new long[][] { [0, 1, 2, 3], [4, 5, 6, 7], [8, 9] }, batches);
    }

    [Fact]
    public void AugmentedNormalisedBatchesRepeatForTheSameSeed()
    {
        using var data = IndexedData.Create(40, channels: 3, size: 6);
        var normalization = new Normalization([1, 2, 3], [2, 2, 2]);
        float[] First(int seed)
        {
            var loader = new BatchLoader(data, 8) { Seed = seed, Augmentation = Augmentation.CifarRecipe, Normalization = normalization };
            using var batch = loader.Epoch(0).First();
            Assert.Equal([8L, 3, 6, 6], batch.Images.Shape);
            return batch.Images.ToArray<float>();
        }
        Assert.Equal(First(1), First(1));
        Assert.NotEqual(First(1), First(2));
    }

    [Fact]
    public void BatchesLandOnTheChosenDevice()
    {
        using var data = IndexedData.Create(10);
        var device = Device.Auto;
        using var batch = new BatchLoader(data, 4) { Device = device }.Epoch(0).First();
        Assert.Equal(device.Type, batch.Images.Device.Type);
        Assert.Equal(device.Type, batch.Labels.Device.Type);
        Assert.Equal(DType.Int64, batch.Labels.DType);
    }
}

/// <summary>Leak checks read the process-wide live-tensor count, so they run alone.</summary>
[Collection(SerialCollection.Name)]
public class BatchLoaderOwnershipTests
{
    [Fact]
    public void DisposedBatchesLeaveNoTensorBehind()
    {
        using var data = IndexedData.Create(30, channels: 3, size: 8);
        var loader = new BatchLoader(data, 7) { Augmentation = Augmentation.CifarRecipe, Normalization = new Normalization([0.5f, 0.5f, 0.5f], [1, 1, 1]) };
        var before = LibTorch.LiveTensorCount;
        foreach (var batch in loader.Epoch(0)) batch.Dispose();
        Assert.Equal(before, LibTorch.LiveTensorCount);
    }

    [Fact]
    public void BatchesMadeInsideAScopeDieWithIt()
    {
        using var data = IndexedData.Create(30);
        var before = LibTorch.LiveTensorCount;
        using (var scope = DisposeScope.Enter())
        {
            var batches = new BatchLoader(data, 7).Epoch(0).ToList();
            Assert.Equal(2 * batches.Count, scope.Count); // exactly the images and labels of each batch
        }
        Assert.Equal(before, LibTorch.LiveTensorCount);
    }
}
