using System.Buffers.Binary;

namespace Workbench.Data;

/// <summary>
/// The IDX format of MNIST and Fashion-MNIST: a magic number 00 00 TT DD (TT the element type,
/// DD the number of dimensions), DD big-endian 32-bit sizes, then the elements row-major.
/// Only unsigned bytes (TT = 08) occur in these datasets, so only those are read.
/// </summary>
public static class IdxFile
{
    public const int ImageMagic = 0x00000803; // ubyte, 3 dimensions: count, rows, columns
    public const int LabelMagic = 0x00000801; // ubyte, 1 dimension: count

    /// <summary>The sizes from the header and the elements that follow it.</summary>
    public sealed record Content(int[] Sizes, byte[] Data);

    /// <summary>Reads an IDX file (raw or gzip), checking its magic number and that its length matches its header.</summary>
    public static Content Read(string path, int expectedMagic)
    {
        var bytes = CompressedFile.ReadAllBytes(path);
        if (bytes.Length < 4)
            throw BadData.In(path, $"truncated: {bytes.Length} bytes cannot hold an IDX magic number");
        var magic = BinaryPrimitives.ReadInt32BigEndian(bytes);
        if (magic != expectedMagic)
            throw BadData.In(path, $"wrong magic number 0x{magic:x8}, expected 0x{expectedMagic:x8} ({Describe(expectedMagic)})");

        var dims = expectedMagic & 0xff;
        var headerLength = 4 + 4 * dims;
        if (bytes.Length < headerLength)
            throw BadData.In(path, $"truncated: {bytes.Length} bytes cannot hold an IDX header of {headerLength} bytes");

        var sizes = new int[dims];
        long count = 1;
        for (int d = 0; d < dims; d++)
        {
            sizes[d] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * d));
            if (sizes[d] < 0) throw BadData.In(path, $"negative size {sizes[d]} in dimension {d} of the header");
            count *= sizes[d];
        }

        // Compare before copying: a corrupt header must not make us allocate what it claims.
        var actual = bytes.LongLength - headerLength;
        if (actual != count)
            throw BadData.In(path, $"{(actual < count ? "truncated" : "too long")}: the header promises [{string.Join(" x ", sizes)}] = {count} bytes of data but {actual} follow it");

        return new Content(sizes, bytes[headerLength..]);
    }

    private static string Describe(int magic) => magic switch
    {
        ImageMagic => "an IDX image file: unsigned bytes in 3 dimensions",
        LabelMagic => "an IDX label file: unsigned bytes in 1 dimension",
        _ => "unsigned bytes",
    };
}
