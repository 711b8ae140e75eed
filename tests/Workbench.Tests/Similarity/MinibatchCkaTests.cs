using Workbench.Similarity;
using Workbench.Torch;
using static Workbench.Tests.Similarity.RandomMatrices;

namespace Workbench.Tests.Similarity;

public class MinibatchCkaTests
{
    private static MinibatchCka Accumulate(Tensor x, Tensor y, int batch)
    {
        var cka = new MinibatchCka();
        for (int start = 0; start < x.Size(0); start += batch) cka.Add(x.Narrow(0, start, batch), y.Narrow(0, start, batch));
        return cka;
    }

    [Fact]
    public void On_many_examples_it_approaches_the_full_linear_cka()
    {
        // n = 2000 in 10 batches of 200, 16 and 12 features. The full (biased) estimator's bias
        // and the minibatch estimator's variance are both O(1/n) here: a numpy simulation of this
        // setting over 5 seeds gave differences below 0.002, so 0.02 leaves a wide margin.
        using var scope = DisposeScope.Enter();
        foreach (var seed in new[] { 11, 12, 13 })
        {
            var (x, y) = Related(new Shape(2000, 16, 12, seed));
            var minibatch = Accumulate(x, y, 200);
            var full = LinearCka.Compute(x, y);
            Assert.InRange(full, 0.1, 0.95);
            Assert.True(Math.Abs(minibatch.Value - full) < 0.02, $"seed {seed}: minibatch {minibatch.Value} vs full {full}");
            Assert.Equal((10, 2000L), (minibatch.Batches, minibatch.Examples));
        }
    }

    [Fact]
    public void Against_itself_it_is_one_and_it_is_symmetric()
    {
        using var scope = DisposeScope.Enter();
        var (x, y) = Related(new Shape(40, 6, 5, 21));
        Assert.Equal(1, Accumulate(x, x, 8).Value, 1e-12);
        Assert.Equal(Accumulate(x, y, 8).Value, Accumulate(y, x, 8).Value, 1e-12);
    }

    [Fact]
    public void A_constant_side_gives_nan_and_no_batch_has_no_value()
    {
        using var scope = DisposeScope.Enter();
        var (x, _) = Related(new Shape(12, 3, 3, 22));
        Assert.True(double.IsNaN(Accumulate(x, Tensor.Full([12, 2], 0.1, DType.Float64), 6).Value));
        Assert.Throws<InvalidOperationException>(() => new MinibatchCka().Value);
    }

    [Fact]
    public void Batches_below_four_rows_or_with_different_rows_are_rejected()
    {
        using var scope = DisposeScope.Enter();
        var small = Assert.Throws<ArgumentException>(() => new MinibatchCka().Add(Tensor.RandN(3, 5), Tensor.RandN(3, 2)));
        Assert.Contains("4", small.Message);
        Assert.Contains("[3, 5]", small.Message);
        var mismatch = Assert.Throws<ArgumentException>(() => new MinibatchCka().Add(Tensor.RandN(8, 5), Tensor.RandN(9, 2)));
        Assert.Contains("[8, 5]", mismatch.Message);
        Assert.Contains("[9, 2]", mismatch.Message);
        new MinibatchCka().Add(Tensor.RandN(4, 5), Tensor.RandN(4, 2));
    }
}
