using Workbench.Torch;

namespace Workbench.Similarity;

/// <summary>
/// Linear centred kernel alignment (Kornblith et al. 2019, "Similarity of neural network
/// representations revisited"): with the columns of X (n×p) and Y (n×q) centred,
/// CKA = ‖YᵀX‖²_F / (‖XᵀX‖_F · ‖YᵀY‖_F). Rows are examples, the same examples in the same order
/// on both sides; inputs of higher rank ([n, C, H, W]) are flattened to [n, -1].
/// <para>
/// It lies in [0, 1] (up to rounding), is 1 for X against itself, is symmetric, and is invariant
/// to orthogonal transforms and isotropic scaling of either side, but not to general invertible
/// linear maps. This is the plain (biased) estimator; <see cref="MinibatchCka"/> is the unbiased
/// minibatch one.
/// </para>
/// </summary>
public static class LinearCka
{
    /// <summary>
    /// Linear CKA of x [n, ...] and y [n, ...], computed in float64 on the tensors' device (they must
    /// share it). Returns <see cref="double.NaN"/> when either side is constant across examples
    /// (every column the same in every row, up to <c>1e-10</c> relative): such a representation has no
    /// centred structure, so its similarity to anything is undefined rather than 0.
    /// </summary>
    /// <exception cref="ArgumentException">Row counts differ, fewer than 2 rows, no features, or different devices.</exception>
    public static double Compute(Tensor x, Tensor y, CkaForm form = CkaForm.Auto)
    {
        var (n, p, q) = Representation.CheckPair(x, y, "linear CKA", minimumRows: 2);
        using var scope = DisposeScope.Enter();
        using var noGrad = Autograd.NoGrad();
        var (xm, ym) = (Representation.Matrix(x), Representation.Matrix(y));
        var (xc, yc) = (Representation.Centre(xm), Representation.Centre(ym));
        // CKA ignores scale; dividing by the norm first keeps every product near 1, so that
        // extreme magnitudes cannot overflow or underflow (a constant side becomes NaN here and is
        // reported as NaN below anyway).
        var (xu, yu) = (xc / xc.Norm(), yc / yc.Norm());
        var (cross, selfX, selfY) = (form == CkaForm.Auto ? FormFor(n, p, q) : form) switch
        {
            CkaForm.Features => (yu.T.MatMul(xu).Norm().Square(), xu.T.MatMul(xu).Norm(), yu.T.MatMul(yu).Norm()),
            CkaForm.Gram => GramTerms(xu, yu),
            var other => throw new ArgumentOutOfRangeException(nameof(form), other, "unknown CKA form"),
        };
        // One transfer (one device sync) for everything the result needs.
        var v = Tensor.Stack([cross, selfX, selfY, Representation.VariesFlag(xm, xc), Representation.VariesFlag(ym, yc)])
            .To(Device.Cpu).ToArray<double>();
        return v[3] == 0 || v[4] == 0 ? double.NaN : v[0] / (v[1] * v[2]);
    }

    /// <summary>
    /// The cheaper form for n examples of p and q features. The feature form costs n(p² + q² + pq)
    /// and holds p×p, q×q and q×p matrices; the Gram form costs n²(p + q) and holds two n×n ones.
    /// While p and q are both below n the feature form holds less and never builds an n×n matrix;
    /// once p or q reaches n the Gram form does no more work (n²p ≤ np² for p ≥ n) and holds less
    /// (wide convolutional activations have far more features than examples).
    /// </summary>
    public static CkaForm FormFor(long n, long p, long q) => p < n && q < n ? CkaForm.Features : CkaForm.Gram;

    // ⟨K, L⟩_F = tr(KL) = ‖YᵀX‖²_F and ‖K‖_F = ‖XᵀX‖_F for K = XXᵀ, L = YYᵀ of centred X, Y.
    private static (Tensor Cross, Tensor SelfX, Tensor SelfY) GramTerms(Tensor x, Tensor y)
    {
        var k = x.MatMul(x.T);
        var l = y.MatMul(y.T);
        return ((k * l).Sum(), k.Norm(), l.Norm());
    }
}
