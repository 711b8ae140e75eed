using System.Security.Cryptography;
using System.Text;

namespace Workbench.Notebooks.Kernel;

/// <summary>
/// The wire signature: lowercase hex HMAC-SHA256 over the header, parent header, metadata and
/// content frames, keyed with the connection file's key. An empty key means no signing, as the
/// spec allows; then every signature is "" and every message verifies.
/// </summary>
public sealed class MessageSigner(string key)
{
    private readonly byte[] key = Encoding.UTF8.GetBytes(key);

    public bool Enabled => key.Length > 0;

    public string Sign(IReadOnlyList<byte[]> frames)
    {
        if (!Enabled) return "";
        // A fresh IncrementalHash per call: the shell, control and publishing threads sign concurrently.
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        foreach (var frame in frames) hmac.AppendData(frame);
        return Convert.ToHexStringLower(hmac.GetHashAndReset());
    }

    /// <summary>Whether <paramref name="signature"/> is the signature of <paramref name="frames"/>, compared in constant time.</summary>
    public bool Verify(string signature, IReadOnlyList<byte[]> frames)
    {
        if (!Enabled) return true;
        // Compare the lowercase ASCII hex: an uppercase or odd-length signature simply does not match.
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(signature), Encoding.ASCII.GetBytes(Sign(frames)));
    }
}
