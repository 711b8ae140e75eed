using Workbench.Torch;

namespace Workbench.Data;

/// <summary>
/// Per-channel standardisation, (x - mean[c]) / std[c], as torchvision's Normalize. The
/// statistics come from the training split (never validation or test, which would leak them)
/// or are given, e.g. published CIFAR-10 values.
/// </summary>
public sealed class Normalization
{
    public Normalization(IReadOnlyList<float> mean, IReadOnlyList<float> std)
    {
        if (mean.Count == 0 || mean.Count != std.Count)
            throw new ArgumentException($"need one mean and one std per channel, got {mean.Count} means and {std.Count} stds");
        if (std.Any(s => !(s > 0)))
            throw new ArgumentException($"every std must be positive, got [{string.Join(", ", std)}]", nameof(std));
        Mean = [.. mean];
        Std = [.. std];
    }

    public float[] Mean { get; }
    public float[] Std { get; }

    /// <summary>
    /// Mean and (population) std of each channel over all images and pixels. Done in chunks, with
    /// double accumulators, so that a 50000-image set needs no full-size temporary.
    /// </summary>
    public static Normalization FromData(Tensor images, int chunk = 4096)
    {
        if (images.Dim != 4) throw new ArgumentException($"images must be [N, C, H, W], not [{string.Join(", ", images.Shape)}]", nameof(images));
        var (n, c) = (images.Size(0), (int)images.Size(1));
        var perChannel = (double)n * images.Size(2) * images.Size(3);
        if (perChannel == 0) throw new ArgumentException("cannot compute statistics of an empty set", nameof(images));

        // Two passes (mean, then squared deviations) rather than E[x²] - E[x]², which cancels badly in float32.
        using var scope = DisposeScope.Enter();
        var mean = ChunkedChannelSums(images, chunk, x => x.Alias()).Select(s => (float)(s / perChannel)).ToArray();
        var meanTensor = Tensor.From(mean, 1, c, 1, 1).To(images.Device);
        var squares = ChunkedChannelSums(images, chunk, x => (x - meanTensor).Square());
        return new Normalization(mean, squares.Select(s => (float)Math.Sqrt(s / perChannel)).ToArray());
    }

    public static Normalization FromData(Dataset train) => FromData(train.Images);

    /// <summary>Normalised copy of <paramref name="images"/> [N, C, H, W], on their device.</summary>
    public Tensor Apply(Tensor images)
    {
        if (images.Dim != 4 || images.Size(1) != Mean.Length)
            throw new ArgumentException($"expected [N, {Mean.Length}, H, W] images, got [{string.Join(", ", images.Shape)}]", nameof(images));
        using var scope = DisposeScope.Enter();
        var mean = Tensor.From(Mean, 1, Mean.Length, 1, 1).To(images.Device);
        var std = Tensor.From(Std, 1, Std.Length, 1, 1).To(images.Device);
        return scope.Keep((images - mean).Div_(std));
    }

    public override string ToString() => $"mean [{string.Join(", ", Mean.Select(m => m.ToString("G4")))}] std [{string.Join(", ", Std.Select(s => s.ToString("G4")))}]";

    private static double[] ChunkedChannelSums(Tensor images, int chunk, Func<Tensor, Tensor> transform)
    {
        var n = images.Size(0);
        var sums = new double[images.Size(1)];
        for (long start = 0; start < n; start += chunk)
        {
            using var scope = DisposeScope.Enter();
            var part = transform(images.Narrow(0, start, Math.Min(chunk, n - start)));
            var channelSums = part.Sum([0, 2, 3]).To(DType.Float64).To(Device.Cpu).ToArray<double>();
            for (int ch = 0; ch < sums.Length; ch++) sums[ch] += channelSums[ch];
        }
        return sums;
    }
}
