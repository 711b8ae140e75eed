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

    /// <summary>
    /// Reads an IDX file (raw or gzip), checking its magic number and that its length matches its header.
    /// The header is read first and the data only up to what it promises, so a corrupt header or a gzip
    /// bomb fails at once, naming the file, instead of filling memory.
    /// </summary>
    public static Content Read(string path, int expectedMagic)
    {
        using var stream = CompressedFile.OpenRead(path);
        var magicBytes = ReadUpTo(stream, 4);
        if (magicBytes.Length < 4)
            throw BadData.In(path, $"truncated: {magicBytes.Length} bytes cannot hold an IDX magic number");
        var magic = BinaryPrimitives.ReadInt32BigEndian(magicBytes);
        if (magic != expectedMagic)
            throw BadData.In(path, $"wrong magic number 0x{magic:x8}, expected 0x{expectedMagic:x8} ({Describe(expectedMagic)})");

        var dims = expectedMagic & 0xff;
        var sizeBytes = ReadUpTo(stream, 4 * dims);
        if (sizeBytes.Length < 4 * dims)
            throw BadData.In(path, $"truncated: {4 + sizeBytes.Length} bytes cannot hold an IDX header of {4 + 4 * dims} bytes");

        var sizes = new int[dims];
        long count = 1;
        for (int d = 0; d < dims; d++)
        {
            sizes[d] = BinaryPrimitives.ReadInt32BigEndian(sizeBytes.AsSpan(4 * d));
            if (sizes[d] < 0) throw BadData.In(path, $"negative size {sizes[d]} in dimension {d} of the header");
            // Past this no array can hold the data, and a product of header sizes must not wrap around.
            if (sizes[d] > 0 && count > MaxElements / sizes[d])
                throw BadData.In(path, $"the header promises [{string.Join(" x ", sizes[..(d + 1)])}{(d + 1 < dims ? " x ..." : "")}] bytes, more than the {MaxElements} an IDX file here may hold");
            count *= sizes[d];
        }
        if (count == 0)
            throw BadData.In(path, $"the header promises [{string.Join(" x ", sizes)}]: no {(dims == 1 ? "labels" : "images")}");

        // One byte past the promise tells "too long" from "exactly right" without reading a bomb to its end.
        var data = ReadUpTo(stream, (int)Math.Min(count + 1, MaxElements));
        if (data.LongLength != count)
            throw BadData.In(path, $"{(data.LongLength < count ? "truncated" : "too long")}: the header promises [{string.Join(" x ", sizes)}] = {count} bytes of data but " +
                (data.LongLength < count ? $"{data.LongLength} follow it" : "more follow it"));
        return new Content(sizes, data);
    }

    /// <summary>The most elements an IDX file may hold here: what one .NET array can.</summary>
    public const long MaxElements = 2_000_000_000;

    private static byte[] ReadUpTo(Stream stream, int count)
    {
        var buffer = new byte[count];
        var filled = stream.ReadAtLeast(buffer, count, throwOnEndOfStream: false);
        return filled == count ? buffer : buffer[..filled];
    }

    private static string Describe(int magic) => magic switch
    {
        ImageMagic => "an IDX image file: unsigned bytes in 3 dimensions",
        LabelMagic => "an IDX label file: unsigned bytes in 1 dimension",
        _ => "unsigned bytes",
    };
}
