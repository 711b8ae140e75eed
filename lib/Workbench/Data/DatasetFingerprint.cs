using System.Security.Cryptography;
using Workbench.Checkpoints;

namespace Workbench.Data;

/// <summary>
/// A SHA-256 that tells which images a run judges on and trains with. Counts alone do not: two splits carved with
/// different seeds have the same sizes and other images. The held-out set is hashed whole (images and labels); the
/// training set by its labels only, which differ between splits all but surely and cost 8 bytes an image instead of
/// a full copy of the pixels.
/// </summary>
public static class DatasetFingerprint
{
    public static string Of(Dataset train, Dataset heldOut)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(heldOut);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(TensorBytes.ToBytes(train.Labels));
        sha.AppendData(TensorBytes.ToBytes(heldOut.Labels));
        sha.AppendData(TensorBytes.ToBytes(heldOut.Images));
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
