using Workbench.Torch;

namespace Workbench.Data;

/// <summary>
/// A labelled image dataset held in memory as two tensors: <see cref="Images"/>, ONE float32 tensor
/// [N, C, H, W] with values in [0, 1], and <see cref="Labels"/>, one Int64 tensor [N] of class
/// indices. Batches are cut from these with index_select, so nothing is rebuilt from arrays
/// after loading. The dataset owns both tensors (they are kept out of any dispose scope,
/// since they outlive training steps); dispose the dataset to free them.
/// </summary>
public sealed class Dataset : IDisposable
{
    /// <summary>Takes ownership of <paramref name="images"/> [N, C, H, W] float32 and <paramref name="labels"/> [N] Int64.</summary>
    public Dataset(Tensor images, Tensor labels, IReadOnlyList<string> classNames, string name = "")
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(classNames);
        if (images.Dim != 4 || images.DType != DType.Float32)
            throw new ArgumentException($"images must be a float32 [N, C, H, W] tensor, not {images.DType} [{string.Join(", ", images.Shape)}]", nameof(images));
        if (labels.Dim != 1 || labels.DType != DType.Int64 || labels.Size(0) != images.Size(0))
            throw new ArgumentException($"labels must be an Int64 [{images.Size(0)}] tensor, not {labels.DType} [{string.Join(", ", labels.Shape)}]", nameof(labels));
        Images = images.DetachFromDisposeScope();
        Labels = labels.DetachFromDisposeScope();
        ClassNames = classNames;
        Name = name;
    }

    /// <summary>
    /// Builds a dataset from raw pixels (bytes 0..255, N x C x H x W row-major) and one label byte per
    /// image, as the IDX and CIFAR files store them. Pixels are scaled to [0, 1].
    /// </summary>
    public static Dataset FromBytes(byte[] pixels, byte[] labels, int count, int channels, int height, int width,
        IReadOnlyList<string> classNames, string name = "")
    {
        // The scope frees the byte tensors, and the results too if construction fails.
        using var scope = DisposeScope.Enter();
        var images = Tensor.From(pixels, count, channels, height, width).To(DType.Float32).Div_(255);
        var int64Labels = Tensor.From(labels, count).To(DType.Int64);
        return new Dataset(images, int64Labels, classNames, name);
    }

    public Tensor Images { get; }
    public Tensor Labels { get; }
    public IReadOnlyList<string> ClassNames { get; }
    public string Name { get; }

    public int Count => checked((int)Images.Size(0));
    public int Channels => (int)Images.Size(1);
    public int Height => (int)Images.Size(2);
    public int Width => (int)Images.Size(3);
    public Device Device => Images.Device;

    /// <summary>The images and labels at <paramref name="indices"/>, in that order, as a new dataset (a copy).</summary>
    public Dataset Subset(long[] indices, string? name = null)
    {
        using var scope = DisposeScope.Enter();
        var index = IndexTensor(indices, Device);
        return new Dataset(Images.IndexSelect(0, index), Labels.IndexSelect(0, index), ClassNames, name ?? Name);
    }

    /// <summary>A copy on <paramref name="device"/>: worth it on a GPU, where batches are then cut without any transfer.</summary>
    public Dataset To(Device device) => new(Images.To(device), Labels.To(device), ClassNames, Name);

    /// <summary>The labels as a C# array (for counting classes, checking splits).</summary>
    public long[] LabelArray()
    {
        using var cpu = Labels.To(Device.Cpu);
        return cpu.ToArray<long>();
    }

    /// <summary>An Int64 index tensor on the device of the tensor it will index.</summary>
    internal static Tensor IndexTensor(long[] indices, Device device)
    {
        var cpu = Tensor.From(indices);
        if (device.Type == DeviceType.Cpu) return cpu;
        using (cpu) return cpu.To(device);
    }

    public override string ToString() =>
        $"{Name} [{Count}, {Channels}, {Height}, {Width}] {ClassNames.Count} classes on {Device}";

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
