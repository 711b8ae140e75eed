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

    /// <summary>
    /// The file as a stream of its plain bytes, decompressed on the fly when it is gzip, so a reader can
    /// stop where the content's own header says it ends. Corrupt gzip data is reported with the path.
    /// </summary>
    public static Stream OpenRead(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        Span<byte> start = stackalloc byte[2];
        var n = file.ReadAtLeast(start, 2, throwOnEndOfStream: false);
        file.Position = 0;
        if (!IsGzip(start[..n])) return file;
        return new PathNamingStream(new GZipStream(file, CompressionMode.Decompress), path);
    }

    /// <summary>Turns a decompression error into one that names the file.</summary>
    private sealed class PathNamingStream(Stream inner, string path) : Stream
    {
        public override int Read(byte[] buffer, int offset, int count)
        {
            try { return inner.Read(buffer, offset, count); }
            catch (InvalidDataException e) { throw BadData.In(path, $"corrupt gzip data ({e.Message})", e); }
        }

        public override int Read(Span<byte> buffer)
        {
            try { return inner.Read(buffer); }
            catch (InvalidDataException e) { throw BadData.In(path, $"corrupt gzip data ({e.Message})", e); }
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
