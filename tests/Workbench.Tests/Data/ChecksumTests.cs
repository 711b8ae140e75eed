using Workbench.Data;

namespace Workbench.Tests.Data;

public class ChecksumTests
{
    [Fact]
    public void Md5OfAKnownTextMatchesTheReferenceValue()
    {
        using var folder = new TempFolder();
        var path = folder.Write("abc", "abc"u8.ToArray());
        Assert.Equal("900150983cd24fb0d6963f7d28e17f72", Checksum.Md5Hex(path)); // RFC 1321's test suite
        Checksum.VerifyMd5(path, "900150983CD24FB0D6963F7D28E17F72"); // case does not matter
    }

    [Fact]
    public void MismatchNamesTheFileAndBothSums()
    {
        using var folder = new TempFolder();
        var path = folder.Write("abc", "abd"u8.ToArray());
        var e = Assert.Throws<InvalidDataException>(() => Checksum.VerifyMd5(path, "900150983cd24fb0d6963f7d28e17f72"));
        Assert.StartsWith(path, e.Message);
        Assert.Contains("should be 900150983cd24fb0d6963f7d28e17f72", e.Message);
        Assert.Contains(Checksum.Md5Hex(path), e.Message);
    }
}
