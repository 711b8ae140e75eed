using Workbench.Torch;

namespace Workbench.Similarity;

/// <summary>
/// The shared preparation of a representation (one row per example): argument checks, the
/// float64 [n, features] matrix, column centring and the test for a constant representation.
/// </summary>
internal static class Representation
{
    /// <summary>
    /// A representation whose centred norm is below this fraction of its norm counts as constant:
    /// centring a constant float64 column leaves rounding noise (~1e-16 relative), not exact zeros,
    /// and that noise must not pass for structure. Real variation is far above 1e-10.
    /// </summary>
    public const double ConstantTolerance = 1e-10;

    /// <summary>Checks that x and y describe the same examples; returns (n, p, q).</summary>
    public static (long N, long P, long Q) CheckPair(Tensor x, Tensor y, string what, int minimumRows, string? why = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Dim == 0 || y.Dim == 0)
            throw new ArgumentException($"{what} needs one row per example, got x {Describe(x)} and y {Describe(y)}");
        var (n, m) = (x.Size(0), y.Size(0));
        if (n != m)
            throw new ArgumentException($"{what} needs the same examples (rows) on both sides, got x {Describe(x)} and y {Describe(y)}");
        if (n < minimumRows)
            throw new ArgumentException($"{what} needs at least {minimumRows} rows (examples){why}, got x {Describe(x)} and y {Describe(y)}");
        if (x.NumEl == 0 || y.NumEl == 0)
            throw new ArgumentException($"{what} needs at least one feature per row, got x {Describe(x)} and y {Describe(y)}");
        if (x.Device != y.Device)
            throw new ArgumentException($"{what} computes on the tensors' device, but x is on {x.Device} and y on {y.Device}");
        return (n, x.NumEl / n, y.NumEl / n);
    }

    /// <summary>[n, ...] as float64 [n, features], cut from any autograd graph.</summary>
    public static Tensor Matrix(Tensor t)
    {
        using var detached = t.Detach();
        using var flat = detached.Reshape(t.Size(0), -1);
        return flat.To(DType.Float64);
    }

    /// <summary>Each column minus its mean.</summary>
    public static Tensor Centre(Tensor matrix)
    {
        using var mean = matrix.Mean(0, keepDim: true);
        return matrix - mean;
    }

    /// <summary>1.0 (float64, on the device, no sync) unless the centred matrix is rounding noise of a constant one.</summary>
    public static Tensor VariesFlag(Tensor matrix, Tensor centred)
    {
        using var scope = DisposeScope.Enter();
        var varies = centred.Norm() > matrix.Norm() * ConstantTolerance;
        return scope.Keep(varies.To(DType.Float64));
    }

    /// <summary>
    /// The linear-kernel Gram matrix XXᵀ [n, n] of the centred float64 features, all zeros for a
    /// constant representation (so that it counts as carrying nothing).
    /// </summary>
    public static Tensor CentredGram(Tensor t)
    {
        using var scope = DisposeScope.Enter();
        var matrix = Matrix(t);
        var centred = Centre(matrix);
        return scope.Keep(centred.MatMul(centred.T).Mul_(VariesFlag(matrix, centred)));
    }

    public static string Describe(Tensor t) => $"[{string.Join(", ", t.Shape)}]";
}
