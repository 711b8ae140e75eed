using Workbench.Torch;

namespace Workbench.Similarity;

/// <summary>
/// Minibatch linear CKA (Nguyen, Raghu and Kornblith 2021, "Do wide and deep networks learn the
/// same things?"): per minibatch, the unbiased HSIC₁ (<see cref="UnbiasedHsic"/>) of the linear
/// Gram matrices K = XXᵀ and L = YYᵀ; then
/// CKA = mean HSIC₁(K, L) / sqrt(mean HSIC₁(K, K) · mean HSIC₁(L, L)).
/// Memory is one batch, whatever the number of examples. Because each HSIC₁ is unbiased, the
/// estimate approaches the population CKA as batches accumulate (it carries none of the plain
/// estimator's dependence on the batch size); as an estimate it may fall slightly outside [0, 1].
/// <example><code>
/// var acc = new MinibatchCka();
/// foreach (var (x, y) in batches) acc.Add(x, y);
/// double cka = acc.Value;
/// </code></example>
/// </summary>
public sealed class MinibatchCka
{
    /// <summary>HSIC₁ is defined for more than 3 examples.</summary>
    public const int MinimumBatch = 4;

    private double cross, selfX, selfY;

    /// <summary>Number of batches added.</summary>
    public int Batches { get; private set; }

    /// <summary>Number of examples (rows) added over all batches.</summary>
    public long Examples { get; private set; }

    /// <summary>
    /// Adds one batch: x [b, ...] and y [b, ...], the same b ≥ 4 examples, on one device (computed
    /// there in float64). A batch where a side is constant adds nothing for that side.
    /// </summary>
    /// <exception cref="ArgumentException">Row counts differ, fewer than 4 rows, no features, or different devices.</exception>
    public void Add(Tensor x, Tensor y)
    {
        var (n, _, _) = Representation.CheckPair(x, y, "minibatch CKA", MinimumBatch, " per batch, since unbiased HSIC needs n > 3");
        using var scope = DisposeScope.Enter();
        using var noGrad = Autograd.NoGrad();
        var grams = Tensor.Stack([Representation.CentredGram(x), Representation.CentredGram(y)]);
        // [[HSIC(K,K), HSIC(K,L)], [HSIC(L,K), HSIC(L,L)]] in one product and one transfer.
        var h = UnbiasedHsic.Cross(grams, grams).To(Device.Cpu).ToArray<double>();
        (selfX, cross, selfY) = (selfX + h[0], cross + h[1], selfY + h[3]);
        Batches++;
        Examples += n;
    }

    /// <summary>
    /// The estimate so far; <see cref="double.NaN"/> when a side's accumulated HSIC₁(K, K) is not
    /// positive (constant in every batch).
    /// </summary>
    /// <exception cref="InvalidOperationException">No batch has been added.</exception>
    public double Value
    {
        get
        {
            if (Batches == 0) throw new InvalidOperationException("minibatch CKA has no value before the first Add");
            return selfX > 0 && selfY > 0 ? cross / Math.Sqrt(selfX * selfY) : double.NaN;
        }
    }
}
