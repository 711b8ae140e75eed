using FsCheck;
using FsCheck.Fluent;
using Workbench.Similarity;
using Workbench.Torch;
using static Workbench.Tests.Similarity.RandomMatrices;

namespace Workbench.Tests.Similarity;

/// <summary>The defining properties of linear CKA (Kornblith et al. 2019), on random shapes with p, q below and above n.</summary>
public class LinearCkaTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(30);

    [Fact]
    public void A_representation_against_itself_is_one_and_the_value_is_symmetric_and_in_the_unit_interval()
    {
        Check.One(Quick, Prop.ForAll(Shapes(), s =>
        {
            using var scope = DisposeScope.Enter();
            var (x, y) = Related(s);
            var (xy, yx) = (LinearCka.Compute(x, y), LinearCka.Compute(y, x));
            return Math.Abs(LinearCka.Compute(x, x) - 1) < 1e-12 && Math.Abs(xy - yx) < 1e-12
                && xy is >= -1e-12 and <= 1 + 1e-12;
        }));
    }

    [Fact]
    public void Orthogonal_transforms_and_isotropic_scaling_of_either_side_leave_it_unchanged()
    {
        Check.One(Quick, Prop.ForAll(Shapes(), Gen.Choose(-30, 30).ToArbitrary(), (s, exponent) =>
        {
            using var scope = DisposeScope.Enter();
            var (x, y) = Related(s);
            var random = new Random(s.Seed + 1);
            var (qx, qy) = (Orthogonal(random, s.P), Orthogonal(random, s.Q));
            var scale = Math.Pow(10, exponent / 10.0) * (random.Next(2) == 0 ? 1 : -1);
            var reference = LinearCka.Compute(x, y);
            return OrthogonalityError(qx) < 1e-10 && OrthogonalityError(qy) < 1e-10
                && Math.Abs(LinearCka.Compute(x.MatMul(qx), y.MatMul(qy)) - reference) < 1e-9
                && Math.Abs(LinearCka.Compute(x * scale, y) - reference) < 1e-9
                && Math.Abs(LinearCka.Compute(x, y * scale) - reference) < 1e-9;
        }));
    }

    [Fact]
    public void A_general_invertible_map_changes_it()
    {
        // Correlated columns, then one column scaled by 10: invertible, but not orthogonal or isotropic,
        // so that column dominates XᵀX and the value drops well below 1.
        using var scope = DisposeScope.Enter();
        var random = new Random(7);
        var x = NormalTensor(random, 200, 5).MatMul(Tensor.From(new[] { 1.0, 0.8, 0.5, 0, 0, 0, 1, 0.6, 0.3, 0, 0, 0, 1, 0.7, 0.2, 0, 0, 0, 1, 0.4, 0, 0, 0, 0, 1 }, 5, 5));
        var stretch = Tensor.From(new[] { 10.0, 1, 1, 1, 1 }, 1, 5);
        var changed = LinearCka.Compute(x * stretch, x);
        Assert.InRange(changed, 0, 0.9);
        var orthogonal = Orthogonal(random, 5);
        Assert.Equal(1, LinearCka.Compute(x.MatMul(orthogonal), x), 1e-12);
    }

    [Fact]
    public void The_feature_space_and_gram_space_forms_agree_and_auto_picks_by_size()
    {
        Check.One(Quick, Prop.ForAll(Shapes(), s =>
        {
            using var scope = DisposeScope.Enter();
            var (x, y) = Related(s);
            var features = LinearCka.Compute(x, y, CkaForm.Features);
            var gram = LinearCka.Compute(x, y, CkaForm.Gram);
            return Math.Abs(features - gram) < 1e-10 && LinearCka.Compute(x, y) == LinearCka.Compute(x, y, LinearCka.FormFor(s.N, s.P, s.Q));
        }));
        Assert.Equal(CkaForm.Features, LinearCka.FormFor(100, 99, 10));
        Assert.Equal(CkaForm.Gram, LinearCka.FormFor(100, 100, 10));
        Assert.Equal(CkaForm.Gram, LinearCka.FormFor(100, 3, 4096));
    }

    [Fact]
    public void Activations_of_any_rank_and_dtype_are_flattened_per_example()
    {
        using var scope = DisposeScope.Enter();
        var random = new Random(3);
        var maps = Tensor.From(Normal(random, 9, 2 * 3 * 3), 9, 2, 3, 3);
        var y = NormalTensor(random, 9, 4);
        var flat = LinearCka.Compute(maps.Reshape(9, -1), y);
        Assert.Equal(flat, LinearCka.Compute(maps, y), 12);
        Assert.Equal(flat, LinearCka.Compute(maps.To(DType.Float32), y.To(DType.Float32)), 5);
    }

    [Fact]
    public void A_constant_representation_gives_nan_but_a_small_spread_on_a_large_offset_does_not()
    {
        using var scope = DisposeScope.Enter();
        var random = new Random(5);
        var y = NormalTensor(random, 7, 3);
        Assert.True(double.IsNaN(LinearCka.Compute(Tensor.Full([7, 4], 0.1f), y)));
        Assert.True(double.IsNaN(LinearCka.Compute(y, Tensor.Full([7, 2], 0.1, DType.Float64))));
        Assert.True(double.IsNaN(LinearCka.Compute(Tensor.Zeros([7, 2], DType.Float64), Tensor.Zeros([7, 2], DType.Float64))));
        // Rounding of 0.1 + 0.1 + 0.1 leaves ~1e-17 after centring; that is not structure.
        Assert.True(double.IsNaN(LinearCka.Compute(Tensor.Full([3, 2], 0.1, DType.Float64), NormalTensor(random, 3, 2), CkaForm.Gram)));
        var small = y * 1e-3 + 1000;
        Assert.Equal(1, LinearCka.Compute(small, y), 6);
    }

    [Fact]
    public void Mismatched_or_too_few_rows_are_rejected_naming_both_shapes()
    {
        using var scope = DisposeScope.Enter();
        var mismatch = Assert.Throws<ArgumentException>(() => LinearCka.Compute(Tensor.Zeros(5, 3), Tensor.Zeros(6, 2)));
        Assert.Contains("[5, 3]", mismatch.Message);
        Assert.Contains("[6, 2]", mismatch.Message);
        var single = Assert.Throws<ArgumentException>(() => LinearCka.Compute(Tensor.Ones(1, 3), Tensor.Ones(1, 4)));
        Assert.Contains("[1, 3]", single.Message);
        Assert.Contains("[1, 4]", single.Message);
        Assert.Throws<ArgumentException>(() => LinearCka.Compute(Tensor.Scalar(1.0), Tensor.Scalar(2.0)));
        Assert.Throws<ArgumentException>(() => LinearCka.Compute(Tensor.Zeros(5, 0), Tensor.Zeros(5, 2)));
    }
}
