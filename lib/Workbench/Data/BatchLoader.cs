using Workbench.Torch;

namespace Workbench.Data;

/// <summary>
/// Cuts a <see cref="Dataset"/> into mini-batches. Each epoch visits every image exactly once
/// (minus the last partial batch with <see cref="DropLast"/>), in an order shuffled by a
/// System.Random seeded from (<see cref="Seed"/>, epoch): the same seed and epoch give the same
/// order and the same augmentation, and any epoch can be replayed alone (e.g. on resume).
/// A batch is index_select on the dataset's tensors, moved to <see cref="Device"/>, then
/// augmented, then normalised.
/// </summary>
public sealed class BatchLoader
{
    public BatchLoader(Dataset data, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        Data = data;
        BatchSize = batchSize;
    }

    public Dataset Data { get; }
    public int BatchSize { get; }
    public bool Shuffle { get; init; } = true;
    public int Seed { get; init; }
    public bool DropLast { get; init; }
    public Device Device { get; init; } = Device.Cpu;
    public Augmentation? Augmentation { get; init; }
    public Normalization? Normalization { get; init; }

    public int BatchCount => DropLast ? Data.Count / BatchSize : (Data.Count + BatchSize - 1) / BatchSize;

    /// <summary>The order in which epoch <paramref name="epoch"/> visits the dataset.</summary>
    public long[] Order(int epoch) => Permutation(EpochRandom(epoch));

    /// <summary>
    /// The batches of epoch <paramref name="epoch"/>, made lazily one at a time. Each is the
    /// caller's to dispose (or its DisposeScope's); the loader keeps no reference to it.
    /// </summary>
    public IEnumerable<Batch> Epoch(int epoch)
    {
        var random = EpochRandom(epoch);
        var order = Permutation(random);
        for (int b = 0; b < BatchCount; b++)
        {
            var start = b * BatchSize;
            yield return Make(order[start..Math.Min(start + BatchSize, order.Length)], random);
        }
    }

    private long[] Permutation(Random random)
    {
        var order = new long[Data.Count];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        if (Shuffle) random.Shuffle(order);
        return order;
    }

    private Batch Make(long[] indices, Random random)
    {
        // Temporaries (index tensor, intermediate copies) die with this scope; the two results
        // move out to the caller's scope, or to the caller.
        using var scope = DisposeScope.Enter();
        var index = Dataset.IndexTensor(indices, Data.Device);
        var images = Data.Images.IndexSelect(0, index).To(Device);
        var labels = Data.Labels.IndexSelect(0, index).To(Device);
        if (Augmentation is { IsIdentity: false } augmentation) images = augmentation.Apply(images, random);
        if (Normalization is { } normalization) images = normalization.Apply(images);
        return new Batch(scope.Keep(images), scope.Keep(labels), indices);
    }

    /// <summary>
    /// One generator per epoch, seeded from (seed, epoch) by SplitMix64 so that neighbouring
    /// seeds and epochs give unrelated streams. Shuffling draws from it first, augmentation after.
    /// </summary>
    private Random EpochRandom(int epoch)
    {
        var z = ((ulong)(uint)Seed << 32 | (uint)epoch) + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return new Random((int)(z & 0x7FFFFFFF));
    }
}
