using System.Buffers.Binary;
using System.Formats.Tar;
using System.IO.Compression;

namespace Workbench.Tests.Data;

/// <summary>
/// Writes small files in the published formats, byte by byte from the format descriptions,
/// independently of the readers under test.
/// </summary>
public static class DataFiles
{
    /// <summary>An IDX file of unsigned bytes: 00 00 08 DD, big-endian sizes, data.</summary>
    public static byte[] Idx(int[] sizes, byte[] data)
    {
        var bytes = new byte[4 + 4 * sizes.Length + data.Length];
        bytes[2] = 0x08;
        bytes[3] = (byte)sizes.Length;
        for (int d = 0; d < sizes.Length; d++)
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * d), sizes[d]);
        data.CopyTo(bytes, 4 + 4 * sizes.Length);
        return bytes;
    }

    public static byte[] Gzip(byte[] plain)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
            gzip.Write(plain);
        return output.ToArray();
    }

    /// <summary>A pixel value that identifies image, channel, row and column, so misplaced bytes show.</summary>
    public static byte Pixel(int image, int channel, int row, int column) => (byte)(image * 31 + channel * 7 + row * 3 + column);

    /// <summary>MNIST-layout images [count, rows, cols] filled with <see cref="Pixel"/>.</summary>
    public static byte[] GreyPixels(int count, int rows, int columns)
    {
        var data = new byte[count * rows * columns];
        for (int i = 0, at = 0; i < count; i++)
            for (int y = 0; y < rows; y++)
                for (int x = 0; x < columns; x++)
                    data[at++] = Pixel(i, 0, y, x);
        return data;
    }

    /// <summary>CIFAR-10 binary records: per image one label byte, then 3 x 32 x 32 pixels channel by channel.</summary>
    public static byte[] CifarRecords(byte[] labels, int firstImage = 0)
    {
        var bytes = new byte[labels.Length * 3073];
        for (int i = 0, at = 0; i < labels.Length; i++)
        {
            bytes[at++] = labels[i];
            for (int c = 0; c < 3; c++)
                for (int y = 0; y < 32; y++)
                    for (int x = 0; x < 32; x++)
                        bytes[at++] = Pixel(firstImage + i, c, y, x);
        }
        return bytes;
    }

    /// <summary>A .tar.gz of the given entries, written with System.Formats.Tar's own writer.</summary>
    public static void TarGz(string path, params TarEntry[] entries)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var writer = new TarWriter(gzip, TarEntryFormat.Pax);
        foreach (var entry in entries) writer.WriteEntry(entry);
    }

    public static TarEntry FileEntry(string name, byte[] content) =>
        new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) };

    public static TarEntry DirectoryEntry(string name) => new PaxTarEntry(TarEntryType.Directory, name);

    public static TarEntry LinkEntry(TarEntryType type, string name, string target) =>
        new PaxTarEntry(type, name) { LinkName = target };
}
