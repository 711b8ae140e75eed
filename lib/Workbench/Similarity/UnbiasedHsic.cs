using Workbench.Torch;

namespace Workbench.Similarity;

/// <summary>
/// The unbiased HSIC estimator HSIC₁ of Song et al. 2012, for every pair of two stacks of Gram
/// matrices at once. With K̃, L̃ the Gram matrices with zeroed diagonals and n examples:
/// HSIC₁(K, L) = [tr(K̃L̃) + 1ᵀK̃1 · 1ᵀL̃1 / ((n−1)(n−2)) − 2/(n−2) · 1ᵀK̃L̃1] / (n(n−3)),
/// which needs n &gt; 3. Its value does not change when the features are shifted, so centred
/// features may be used (better conditioned); it does not need centred Gram matrices.
/// </summary>
internal static class UnbiasedHsic
{
    /// <summary>HSIC₁(K[i], L[j]) for K [r1, n, n] and L [r2, n, n] (symmetric, same device): [r1, r2].</summary>
    public static Tensor Cross(Tensor k, Tensor l)
    {
        var n = k.Size(1);
        if (n < 4) throw new ArgumentException($"unbiased HSIC needs more than 3 examples, got Gram matrices {Representation.Describe(k)}");
        using var scope = DisposeScope.Enter();
        var (kt, lt) = (ZeroDiagonal(k), ZeroDiagonal(l));
        // For symmetric matrices tr(K̃L̃) = Σ K̃∘L̃ and 1ᵀK̃L̃1 = (K̃1)ᵀ(L̃1): a matrix product each
        // covers every pair of the two stacks.
        var trace = kt.Reshape(kt.Size(0), -1).MatMul(lt.Reshape(lt.Size(0), -1).T);
        var (kRows, lRows) = (kt.Sum(2), lt.Sum(2));
        var totals = kRows.Sum(1).Unsqueeze(1) * lRows.Sum(1).Unsqueeze(0);
        var middle = kRows.MatMul(lRows.T);
        double nd = n;
        var hsic = (trace + totals / ((nd - 1) * (nd - 2)) - middle * (2 / (nd - 2))) / (nd * (nd - 3));
        return scope.Keep(hsic);
    }

    private static Tensor ZeroDiagonal(Tensor grams)
    {
        var n = grams.Size(1);
        using var rows = Tensor.Arange(n, device: grams.Device);
        using var column = rows.Unsqueeze(1);
        using var row = rows.Unsqueeze(0);
        using var diagonal = column.Eq(row);
        return grams.MaskedFill(diagonal, 0);
    }
}
