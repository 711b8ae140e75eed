using System.Security.Cryptography;

namespace Workbench.Data;

/// <summary>
/// File checksums: MD5 for downloads, checked against the sums their publishers list, and SHA-256 for the
/// inputs a resumable run records, so a rerun can tell it starts from the very same file.
/// </summary>
public static class Checksum
{
    /// <summary>The SHA-256 of a file's content, as 64 lower-case hex digits.</summary>
    public static string Sha256Hex(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

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
