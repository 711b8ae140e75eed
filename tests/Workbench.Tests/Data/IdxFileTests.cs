using Workbench.Data;

namespace Workbench.Tests.Data;

/// <summary>The IDX reader on small hand-written files: raw and gzip read alike; bad files are named.</summary>
public class IdxFileTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ImagesAndLabelsRoundTrip(bool gzip)
    {
        using var folder = new TempFolder();
        var pixels = DataFiles.GreyPixels(3, 2, 4);
        byte[] labels = [7, 0, 9];
        var imagesPath = folder.Write("images", Maybe(gzip, DataFiles.Idx([3, 2, 4], pixels)));
        var labelsPath = folder.Write("labels", Maybe(gzip, DataFiles.Idx([3], labels)));

        var images = IdxFile.Read(imagesPath, IdxFile.ImageMagic);
        Assert.Equal([3, 2, 4], images.Sizes);
        Assert.Equal(pixels, images.Data);
        var read = IdxFile.Read(labelsPath, IdxFile.LabelMagic);
        Assert.Equal([3], read.Sizes);
        Assert.Equal(labels, read.Data);
    }

    [Fact]
    public void GzipIsDetectedByContentNotName()
    {
        using var folder = new TempFolder();
        var plainNamedGz = folder.Write("labels.gz", DataFiles.Idx([2], [1, 2]));
        var gzipNamedPlain = folder.Write("labels", DataFiles.Gzip(DataFiles.Idx([2], [3, 4])));
        Assert.Equal([1, 2], IdxFile.Read(plainNamedGz, IdxFile.LabelMagic).Data);
        Assert.Equal([3, 4], IdxFile.Read(gzipNamedPlain, IdxFile.LabelMagic).Data);
    }

    [Fact]
    public void WrongMagicNumberNamesTheFile()
    {
        using var folder = new TempFolder();
        var path = folder.Write("train-images-idx3-ubyte", DataFiles.Idx([4], [1, 2, 3, 4])); // a label file in disguise
        var e = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path, IdxFile.ImageMagic));
        Assert.StartsWith(path, e.Message);
        Assert.Contains("wrong magic number 0x00000801, expected 0x00000803", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TruncatedDataNamesTheFile(bool gzip)
    {
        using var folder = new TempFolder();
        var whole = DataFiles.Idx([2, 3, 3], DataFiles.GreyPixels(2, 3, 3));
        var path = folder.Write("images", Maybe(gzip, whole[..^5]));
        var e = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path, IdxFile.ImageMagic));
        Assert.StartsWith(path, e.Message);
        Assert.Contains("truncated", e.Message);
        Assert.Contains("18 bytes of data but 13 follow", e.Message);
    }

    [Fact]
    public void FileShorterThanItsHeaderNamesTheFile()
    {
        using var folder = new TempFolder();
        var path = folder.Write("labels", [0, 0, 8, 1, 0]);
        var e = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path, IdxFile.LabelMagic));
        Assert.StartsWith(path, e.Message);
        Assert.Contains("cannot hold an IDX header", e.Message);
    }

    [Fact]
    public void TrailingBytesAreAnError()
    {
        using var folder = new TempFolder();
        var path = folder.Write("labels", [.. DataFiles.Idx([2], [1, 2]), 99]);
        var e = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path, IdxFile.LabelMagic));
        Assert.StartsWith(path, e.Message);
        Assert.Contains("too long", e.Message);
    }

    [Fact]
    public void CorruptGzipNamesTheFile()
    {
        using var folder = new TempFolder();
        var gzip = DataFiles.Gzip(DataFiles.Idx([64], new byte[64]));
        for (int i = 10; i < gzip.Length - 8; i++) gzip[i] ^= 0x5a; // keep the magic, wreck the deflate stream
        var path = folder.Write("labels.gz", gzip);
        var e = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path, IdxFile.LabelMagic));
        Assert.StartsWith(path, e.Message);
    }

    [Fact]
    public void TruncatedGzipNamesTheFile()
    {
        using var folder = new TempFolder();
        var gzip = DataFiles.Gzip(DataFiles.Idx([4096], Enumerable.Range(0, 4096).Select(i => (byte)(i * i)).ToArray()));
        var path = folder.Write("labels.gz", gzip[..(gzip.Length / 2)]);
        var e = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path, IdxFile.LabelMagic));
        Assert.StartsWith(path, e.Message);
    }

    [Fact]
    public void AHeaderWhoseSizesOverflowNamesTheFileAndAllocatesNothing()
    {
        using var folder = new TempFolder();
        // 2^21 * 2^21 * 2^22 = 2^64: wraps to 0 in unchecked 64-bit arithmetic.
        var header = DataFiles.Idx([1 << 21, 1 << 21, 1 << 22], []);
        var path = folder.Write("images", header);
        var e = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path, IdxFile.ImageMagic));
        Assert.StartsWith(path, e.Message);
        Assert.Contains("more than the", e.Message);
    }

    [Fact]
    public void AGzipBombStopsOneBytePastWhatTheHeaderPromises()
    {
        using var folder = new TempFolder();
        // 10 labels promised, 256 MB of zeros behind them: a few hundred KB compressed.
        var plain = DataFiles.Idx([10], new byte[10]);
        using var compressed = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(plain);
            var zeros = new byte[1 << 20];
            for (int i = 0; i < 256; i++) gzip.Write(zeros);
        }
        var path = folder.Write("labels.gz", compressed.ToArray());
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var e = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path, IdxFile.LabelMagic));
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.StartsWith(path, e.Message);
        Assert.Contains("too long", e.Message);
        Assert.True(allocated < 16 << 20, $"reading the bomb allocated {allocated:N0} bytes");
    }

    [Fact]
    public void AnEmptySetNamesTheFile()
    {
        using var folder = new TempFolder();
        var path = folder.Write("labels", DataFiles.Idx([0], []));
        var e = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path, IdxFile.LabelMagic));
        Assert.StartsWith(path, e.Message);
        Assert.Contains("no labels", e.Message);
    }

    private static byte[] Maybe(bool gzip, byte[] bytes) => gzip ? DataFiles.Gzip(bytes) : bytes;
}
