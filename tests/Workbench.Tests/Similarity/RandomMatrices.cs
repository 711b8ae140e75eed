using FsCheck;
using FsCheck.Fluent;
using Workbench.Torch;

namespace Workbench.Tests.Similarity;

/// <summary>
/// Random representations for the CKA properties, from System.Random (so libtorch's generator,
/// shared with tests running in parallel, is left alone). Tensors are float64 on the CPU.
/// </summary>
internal static class RandomMatrices
{
    /// <summary>n examples with p features on one side and q on the other.</summary>
    public sealed record Shape(int N, int P, int Q, int Seed)
    {
        public override string ToString() => $"n {N} p {P} q {Q} seed {Seed}";
    }

    /// <summary>Shapes with features both fewer and more than examples.</summary>
    public static Arbitrary<Shape> Shapes() =>
        (from n in Gen.Choose(4, 30)
         from p in Gen.Choose(1, 40)
         from q in Gen.Choose(1, 40)
         from seed in Gen.Choose(0, 1_000_000)
         select new Shape(n, p, q, seed)).ToArbitrary();

    /// <summary>Standard normal values, row-major, by Box–Muller.</summary>
    public static double[] Normal(Random random, int rows, int columns)
    {
        var values = new double[rows * columns];
        for (int i = 0; i < values.Length; i++)
            values[i] = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return values;
    }

    public static Tensor NormalTensor(Random random, int rows, int columns) => Tensor.From(Normal(random, rows, columns), rows, columns);

    /// <summary>
    /// X [n, p] and a Y [n, q] that depends on X non-linearly plus noise, so that their CKA is
    /// neither 0 nor 1 and a wrong formula shows.
    /// </summary>
    public static (Tensor X, Tensor Y) Related(Shape s)
    {
        var random = new Random(s.Seed);
        using var scope = DisposeScope.Enter();
        var x = NormalTensor(random, s.N, s.P);
        var mix = NormalTensor(random, s.P, s.Q) / Math.Sqrt(s.P);
        var y = x.MatMul(mix).Tanh() + NormalTensor(random, s.N, s.Q) * 0.3;
        return (scope.Keep(x), scope.Keep(y));
    }

    /// <summary>A random orthogonal d×d matrix: modified Gram–Schmidt on the columns of a normal matrix.</summary>
    public static Tensor Orthogonal(Random random, int d)
    {
        var a = Normal(random, d, d);
        double Get(int r, int c) => a[r * d + c];
        for (int c = 0; c < d; c++)
        {
            for (int prev = 0; prev < c; prev++)
            {
                double dot = 0;
                for (int r = 0; r < d; r++) dot += Get(r, prev) * Get(r, c);
                for (int r = 0; r < d; r++) a[r * d + c] -= dot * Get(r, prev);
            }
            var norm = Math.Sqrt(Enumerable.Range(0, d).Sum(r => Get(r, c) * Get(r, c)));
            for (int r = 0; r < d; r++) a[r * d + c] /= norm;
        }
        return Tensor.From(a, d, d);
    }

    /// <summary>Largest |QᵀQ − I|: how far a matrix is from orthogonal.</summary>
    public static double OrthogonalityError(Tensor q)
    {
        using var scope = DisposeScope.Enter();
        var d = q.Size(0);
        var identity = Tensor.Arange(d).Unsqueeze(1).Eq(Tensor.Arange(d).Unsqueeze(0)).To(DType.Float64);
        return (q.T.MatMul(q) - identity).Abs().Max().Item<double>();
    }
}
