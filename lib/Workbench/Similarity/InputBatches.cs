using Workbench.Data;
using Workbench.Torch;

namespace Workbench.Similarity;

/// <summary>The first images of a dataset, in order, cut into batches on a model's device.</summary>
internal static class InputBatches
{
    /// <summary>How many images a capture uses: the first <paramref name="limit"/>, or all when there are fewer.</summary>
    public static int Count(Dataset data, int limit, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        return Math.Min(limit, data.Count);
    }

    /// <summary>
    /// (start, count) batches covering [0, count). A last batch shorter than
    /// <paramref name="minimumLast"/> joins the one before, so that estimators needing a few rows
    /// per batch still see every image.
    /// </summary>
    public static List<(int Start, int Count)> Ranges(int count, int batchSize, int minimumLast = 1)
    {
        var ranges = new List<(int Start, int Count)>();
        for (int start = 0; start < count; start += batchSize) ranges.Add((start, Math.Min(batchSize, count - start)));
        if (ranges.Count > 1 && ranges[^1].Count < minimumLast)
        {
            var (last, previous) = (ranges[^1], ranges[^2]);
            ranges.RemoveAt(ranges.Count - 1);
            ranges[^1] = (previous.Start, previous.Count + last.Count);
        }
        return ranges;
    }

    /// <summary>Images [start, start + count) on <paramref name="device"/>, normalised when asked.</summary>
    public static Tensor Images(Dataset data, (int Start, int Count) range, Device device, Normalization? normalization)
    {
        using var scope = DisposeScope.Enter();
        var images = data.Images.Narrow(0, range.Start, range.Count).To(device);
        return scope.Keep(normalization is null ? images : normalization.Apply(images));
    }
}
