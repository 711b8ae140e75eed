using Workbench.Torch;

namespace Workbench.Data;

/// <summary>
/// One mini-batch: images [B, C, H, W] float32 and labels [B] Int64 on the loader's device, and
/// the dataset indices they came from. The tensors belong to the DisposeScope that was open when
/// the batch was made, or to the caller when none was: dispose the batch (<c>using var batch</c>)
/// to free them promptly, which matters on a GPU.
/// </summary>
public sealed class Batch(Tensor images, Tensor labels, long[] indices) : IDisposable
{
    public Tensor Images { get; } = images;
    public Tensor Labels { get; } = labels;

    /// <summary>Which dataset images are in this batch, in batch order.</summary>
    public IReadOnlyList<long> Indices { get; } = indices;

    public int Count => Indices.Count;

    public void Deconstruct(out Tensor images, out Tensor labels) => (images, labels) = (Images, Labels);

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
