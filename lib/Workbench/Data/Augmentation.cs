using Workbench.Torch;

namespace Workbench.Data;

/// <summary>
/// The CIFAR training augmentation: pad each image by <see cref="Padding"/> zero pixels, crop a
/// random window of the original size, and mirror it left-right with probability 1/2.
/// It works on a whole batch tensor on its own device: per-image offsets become index tensors
/// and two gathers cut every window at once, so no image is handled one by one.
/// Randomness comes from the System.Random passed in, so a seeded loader repeats exactly.
/// Apply it before <see cref="Normalization"/>, as torchvision does: the padding is then black,
/// like torchvision's RandomCrop(padding=4) on unnormalised images.
/// </summary>
public sealed class Augmentation
{
    public bool RandomCrop { get; init; } = true;
    public int Padding { get; init; } = 4;
    public bool HorizontalFlip { get; init; } = true;

    /// <summary>Pad-4 random crop and random horizontal flip.</summary>
    public static Augmentation CifarRecipe => new();

    public bool IsIdentity => (!RandomCrop || Padding == 0) && !HorizontalFlip;

    /// <summary>A stable short description ("crop4+flip", "none"), recorded in runs' settings.</summary>
    public string Describe() => IsIdentity ? "none"
        : string.Join("+", new[] { RandomCrop && Padding > 0 ? $"crop{Padding}" : null, HorizontalFlip ? "flip" : null }.OfType<string>());

    /// <summary>An augmented copy of <paramref name="images"/> [N, C, H, W].</summary>
    public Tensor Apply(Tensor images, Random random)
    {
        var n = (int)images.Size(0);
        var padding = RandomCrop ? Padding : 0;
        var top = new long[n];
        var left = new long[n];
        var flip = new bool[n];
        // Draw per image in a fixed order so the stream of draws, hence the result, depends only on the seed.
        for (int i = 0; i < n; i++)
        {
            top[i] = random.Next(2 * padding + 1);
            left[i] = random.Next(2 * padding + 1);
            flip[i] = HorizontalFlip && random.Next(2) == 1;
        }
        return CropAndFlip(images, padding, top, left, flip);
    }

    /// <summary>
    /// The deterministic core: image i becomes the H x W window at row <paramref name="top"/>[i],
    /// column <paramref name="left"/>[i] of the image zero-padded by <paramref name="padding"/>,
    /// mirrored left-right when <paramref name="flip"/>[i]. Offset = padding is the unshifted image.
    /// </summary>
    public static Tensor CropAndFlip(Tensor images, int padding, long[] top, long[] left, bool[] flip)
    {
        if (images.Dim != 4) throw new ArgumentException($"images must be [N, C, H, W], not [{string.Join(", ", images.Shape)}]", nameof(images));
        var shape = images.Shape;
        var (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3]);
        if (top.Length != n || left.Length != n || flip.Length != n)
            throw new ArgumentException($"need one offset and one flip per image ({n}), got {top.Length}, {left.Length}, {flip.Length}");
        if (top.Concat(left).Any(o => o < 0 || o > 2 * padding))
            throw new ArgumentOutOfRangeException(nameof(top), $"offsets must lie in 0..{2 * padding}");

        using var scope = DisposeScope.Enter();
        var device = images.Device;
        var padded = padding == 0 ? images.Alias() : images.Pad([padding, padding, padding, padding]);
        var paddedWidth = w + 2 * padding;

        // Rows: output row i of image b reads padded row i + top[b].
        var rowIndex = (Tensor.Arange(h).View(1, 1, h, 1) + Tensor.From(top).View(n, 1, 1, 1))
            .Expand(n, c, h, paddedWidth).Contiguous().To(device);
        var rows = padded.Gather(2, rowIndex);

        // Columns: output column j reads j + left[b], or (w - 1 - j) + left[b] when flipped,
        // i.e. j + left[b] + flip[b] * (w - 1 - 2j).
        var j = Tensor.Arange(w).View(1, 1, 1, w);
        var mirror = (w - 1) - j * 2;
        var flips = Tensor.From(flip.Select(f => f ? 1L : 0L).ToArray()).View(n, 1, 1, 1);
        var columnIndex = (j + Tensor.From(left).View(n, 1, 1, 1) + flips * mirror)
            .Expand(n, c, h, w).Contiguous().To(device);
        return scope.Keep(rows.Gather(3, columnIndex));
    }
}
