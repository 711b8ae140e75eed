using System.Security.Cryptography;

namespace Workbench.Data;

/// <summary>MD5 checks of downloaded files against the checksums their publishers list.</summary>
public static class Checksum
{
    /// <summary>The MD5 of a file's content, as 32 lower-case hex digits.</summary>
    public static string Md5Hex(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(MD5.HashData(stream));
    }

    /// <summary>Throws when the file's MD5 differs from <paramref name="expectedHex"/>, naming the file and both sums.</summary>
    public static void VerifyMd5(string path, string expectedHex)
    {
        var actual = Md5Hex(path);
        if (!string.Equals(actual, expectedHex.Trim(), StringComparison.OrdinalIgnoreCase))
            throw BadData.In(path, $"MD5 is {actual} but should be {expectedHex.Trim().ToLowerInvariant()}: the file is corrupt or incomplete");
    }
}
