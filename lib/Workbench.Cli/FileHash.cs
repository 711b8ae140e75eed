using System.Security.Cryptography;

namespace Workbench.Cli;

/// <summary>A file's SHA-256, so a resumed run can tell that it starts from the very same input.</summary>
internal static class FileHash
{
    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
