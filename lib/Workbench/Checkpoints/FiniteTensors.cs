using System.Globalization;
using Workbench.Torch;

namespace Workbench.Checkpoints;

/// <summary>
/// Refuses a checkpoint whose floating-point tensors hold NaN, infinity, or a value whose square is not a
/// float32 (|x| above √float.MaxValue ≈ 1.8e19). A diverged run's weights otherwise load silently and give
/// "loss NaN" evaluations, pruned checkpoints and CKA comparisons of NaN with NaN; a value like 3e38 is
/// finite, but the L2 norms, variances and Gram matrices every figure here rests on overflow on it. No
/// trained weight, running statistic or optimizer buffer comes near that bound.
/// </summary>
public static class FiniteTensors
{
    public static readonly float MaxMagnitude = MathF.Sqrt(float.MaxValue);

    /// <exception cref="InvalidDataException">A tensor holds such a value; the message names the file and the tensor.</exception>
    public static void Require(IReadOnlyDictionary<string, Tensor> tensors, string path)
    {
        foreach (var (name, tensor) in tensors.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            if (!tensor.DType.IsFloatingPoint() || tensor.NumEl == 0) continue;
            using var scope = DisposeScope.Enter();
            // amax propagates NaN, so one reduction finds NaN, infinity and overflow alike.
            var largest = tensor.Abs().Max().To(DType.Float64).Item<double>();
            if (largest <= MaxMagnitude) continue;
            var what = double.IsNaN(largest) ? "NaN" : double.IsInfinity(largest) ? "an infinite value"
                : $"{largest.ToString("G3", CultureInfo.InvariantCulture)}, beyond ±{MaxMagnitude.ToString("G3", CultureInfo.InvariantCulture)} where a square overflows float32";
            throw new InvalidDataException($"'{path}' holds non-finite weights: tensor '{name}' contains {what} (a diverged run?); to inspect it anyway, load it with non-finite values allowed (the CLI's --allow-non-finite)");
        }
    }
}
