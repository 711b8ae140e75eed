using Workbench.Data;
using Workbench.Torch;

namespace Workbench.Tests.Data;

/// <summary>
/// A synthetic dataset where image i has every pixel equal to i and label i, so any batch or
/// subset shows which images it holds and whether images and labels stayed together.
/// </summary>
public static class IndexedData
{
    public static Dataset Create(int count, int channels = 1, int size = 2)
    {
        using var scope = DisposeScope.Enter();
        var ids = Tensor.Arange(count, DType.Float32).View(count, 1, 1, 1).Expand(count, channels, size, size).Contiguous();
        return new Dataset(ids, Tensor.Arange(count), Enumerable.Range(0, count).Select(i => i.ToString()).ToArray(), "indexed");
    }

    /// <summary>The id (pixel value) of each image of [N, C, H, W] <paramref name="images"/>.</summary>
    public static long[] Ids(Tensor images)
    {
        using var scope = DisposeScope.Enter();
        return images.Flatten(1).Select(1, 0).To(Device.Cpu).ToArray<float>().Select(v => (long)v).ToArray();
    }
}
