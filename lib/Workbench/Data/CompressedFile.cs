using System.IO.Compression;

namespace Workbench.Data;

/// <summary>
/// Reads a file that may or may not be gzip-compressed. The choice is made from the content
/// (gzip's magic bytes 1f 8b), not the name, so a file someone gunzipped but kept as
/// <c>.gz</c>, or the reverse, still reads.
/// </summary>
public static class CompressedFile
{
    public static bool IsGzip(ReadOnlySpan<byte> start) => start.Length >= 2 && start[0] == 0x1f && start[1] == 0x8b;

    /// <summary>The file's bytes, decompressed when it is gzip.</summary>
    public static byte[] ReadAllBytes(string path)
    {
        var raw = File.ReadAllBytes(path);
        if (!IsGzip(raw)) return raw;
        try
        {
            using var gzip = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
            using var plain = new MemoryStream(raw.Length * 4);
            gzip.CopyTo(plain);
            return plain.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw BadData.In(path, $"corrupt gzip data ({e.Message})", e);
        }
    }
}
