using FsCheck;
using FsCheck.Fluent;
using Workbench.Tests.Reference;
using Workbench.Torch;

namespace Workbench.Tests.Torch;

/// <summary>
/// The binding's ops against plain loops (<see cref="Naive"/> or an index mapping), on shapes FsCheck
/// draws and values from a seeded generator. Values are drawn as float32 numbers so that both dtypes
/// see the same inputs: Float64 is then checked tightly, Float32 (what the workbench runs) loosely.
/// </summary>
public class ReferenceOpsTests
{
    private static readonly Gen<DType> FloatTypes = Gen.Elements(DType.Float32, DType.Float64);
    private static readonly Gen<int> Seeds = Gen.Choose(0, int.MaxValue);
    private static readonly Gen<bool> Bools = Gen.Elements(true, false);

    private static void Holds<T>(Gen<T> gen, Action<T> body, int cases = 40) =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(cases), Prop.ForAll(gen.ToArbitrary(), body));

    [Fact]
    public void MatMulMmAddMmAndLinearMatchLoops()
    {
        var gen = from n in Gen.Choose(1, 6) from k in Gen.Choose(1, 6) from m in Gen.Choose(1, 6)
                  from dtype in FloatTypes from seed in Seeds select (n, k, m, dtype, seed);
        Holds(gen, p =>
        {
            using var scope = DisposeScope.Enter();
            var (n, k, m, dtype, seed) = p;
            var rng = new Random(seed);
            double[] a = Values(rng, n * k), b = Values(rng, k * m), c = Values(rng, n * m), bias = Values(rng, m);
            Tensor ta = Make(a, [n, k], dtype), tb = Make(b, [k, m], dtype), tc = Make(c, [n, m], dtype);
            var ab = Naive.MatMul(a, b, n, k, m);
            AssertClose(ab, ta.MatMul(tb), [n, m], dtype);
            AssertClose(ab, ta.Mm(tb), [n, m], dtype);
            // Distinct alpha and beta catch them being swapped.
            AssertClose(c.Select((v, i) => 0.5 * v - 2 * ab[i]).ToArray(), tc.AddMm(ta, tb, beta: 0.5, alpha: -2), [n, m], dtype);
            // Linear takes the weight as [out, in] and multiplies by its transpose.
            var weightT = Naive.Transpose(b, k, m);
            var linear = ab.Select((v, i) => v + bias[i % m]).ToArray();
            AssertClose(linear, Functional.Linear(ta, Make(weightT, [m, k], dtype), Make(bias, [m], dtype)), [n, m], dtype);
        });
    }

    [Fact]
    public void Conv2dMatchesLoopsWithStridePaddingDilationAndGroups()
    {
        var gen = from n in Gen.Choose(1, 3) from groups in Gen.Choose(1, 3)
                  from inPerGroup in Gen.Choose(1, 2) from outPerGroup in Gen.Choose(1, 2)
                  from kh in Gen.Choose(1, 3) from kw in Gen.Choose(1, 3)
                  from stride in Gen.Choose(1, 2) from padding in Gen.Choose(0, 2) from dilation in Gen.Choose(1, 2)
                  from h in Gen.Choose(1, 9) from w in Gen.Choose(1, 9)
                  from bias in Bools from dtype in FloatTypes from seed in Seeds
                  where h + 2 * padding >= dilation * (kh - 1) + 1 && w + 2 * padding >= dilation * (kw - 1) + 1
                  select new { n, groups, inPerGroup, outPerGroup, kh, kw, stride, padding, dilation, h, w, bias, dtype, seed };
        Holds(gen, p =>
        {
            using var scope = DisposeScope.Enter();
            var rng = new Random(p.seed);
            int[] xs = [p.n, p.inPerGroup * p.groups, p.h, p.w], ws = [p.outPerGroup * p.groups, p.inPerGroup, p.kh, p.kw];
            double[] x = Values(rng, Count(xs)), w = Values(rng, Count(ws));
            var b = p.bias ? Values(rng, ws[0]) : null;
            var (y, shape) = Naive.Conv2d(x, xs, w, ws, b, p.stride, p.padding, p.dilation, p.groups);
            var actual = Functional.Conv2d(Make(x, xs, p.dtype), Make(w, ws, p.dtype), b is null ? null : Make(b, [ws[0]], p.dtype),
                p.stride, p.padding, p.dilation, p.groups);
            AssertClose(y, actual, shape, p.dtype);
        }, cases: 50);
    }

    [Fact]
    public void PoolingMatchesLoops()
    {
        var gen = from n in Gen.Choose(1, 3) from c in Gen.Choose(1, 4) from kernel in Gen.Choose(1, 3)
                  from stride in Gen.Choose(1, 3) from padding in Gen.Choose(0, 1) from dilation in Gen.Choose(1, 2)
                  from h in Gen.Choose(1, 9) from w in Gen.Choose(1, 9) from dtype in FloatTypes from seed in Seeds
                  // libtorch allows padding up to half the kernel.
                  where 2 * padding <= kernel && Math.Min(h, w) + 2 * padding >= dilation * (kernel - 1) + 1
                  select new { n, c, kernel, stride, padding, dilation, h, w, dtype, seed };
        Holds(gen, p =>
        {
            using var scope = DisposeScope.Enter();
            int[] xs = [p.n, p.c, p.h, p.w];
            var x = Values(new Random(p.seed), Count(xs));
            var t = Make(x, xs, p.dtype);
            var (max, maxShape) = Naive.MaxPool2d(x, xs, p.kernel, p.stride, p.padding, p.dilation);
            AssertClose(max, Functional.MaxPool2d(t, p.kernel, p.stride, p.padding, p.dilation), maxShape, p.dtype);
            var (avg, avgShape) = Naive.AvgPool2d(x, xs, p.kernel, p.stride, p.padding);
            AssertClose(avg, Functional.AvgPool2d(t, p.kernel, p.stride, p.padding), avgShape, p.dtype);
            // The default stride is the kernel size.
            if (Math.Min(p.h, p.w) < p.kernel) return;
            var (tiled, tiledShape) = Naive.AvgPool2d(x, xs, p.kernel, p.kernel, 0);
            AssertClose(tiled, Functional.AvgPool2d(t, p.kernel), tiledShape, p.dtype);
        }, cases: 50);
    }

    [Fact]
    public void AdaptiveAvgPoolMatchesLoops()
    {
        var gen = from h in Gen.Choose(1, 9) from w in Gen.Choose(1, 9) from oh in Gen.Choose(1, 5) from ow in Gen.Choose(1, 5)
                  from dtype in FloatTypes from seed in Seeds select (h, w, oh, ow, dtype, seed);
        Holds(gen, p =>
        {
            using var scope = DisposeScope.Enter();
            var (h, w, oh, ow, dtype, seed) = p;
            int[] xs = [2, 3, h, w];
            var x = Values(new Random(seed), Count(xs));
            AssertClose(Naive.AdaptiveAvgPool2d(x, xs, oh, ow), Functional.AdaptiveAvgPool2d(Make(x, xs, dtype), oh, ow), [2, 3, oh, ow], dtype);
        });
    }

    private static readonly Gen<(int[] Shape, double Momentum, DType DType, int Seed)> BatchNormCases =
        from n in Gen.Choose(1, 3) from c in Gen.Choose(1, 6) from image in Bools
        from h in Gen.Choose(1, 4) from w in Gen.Choose(1, 4) from momentum in Gen.Elements(0.1, 0.5)
        from dtype in FloatTypes from seed in Seeds
        where n * (image ? h * w : 1) > 1 // training needs more than one value per channel
        select (image ? new[] { n, c, h, w } : new[] { n, c }, momentum, dtype, seed);

    [Fact]
    public void BatchNormTrainingUsesBatchStatisticsAndUpdatesRunningOnesWithUnbiasedVariance()
    {
        Holds(BatchNormCases, p =>
        {
            using var scope = DisposeScope.Enter();
            var (xs, momentum, dtype, seed) = p;
            var rng = new Random(seed);
            int c = xs[1];
            double[] x = Values(rng, Count(xs)), gamma = Values(rng, c), beta = Values(rng, c);
            double[] mean = Values(rng, c), variance = Values(rng, c, 0.5, 2);
            Tensor runningMean = Make(mean, [c], dtype), runningVar = Make(variance, [c], dtype);
            var y = Functional.BatchNorm(Make(x, xs, dtype), runningMean, runningVar, Make(gamma, [c], dtype), Make(beta, [c], dtype),
                training: true, momentum: momentum);
            var expected = Naive.BatchNormTrain(x, xs, gamma, beta, mean, variance, momentum, 1e-5);
            AssertClose(expected, y, xs, dtype);
            AssertClose(mean, runningMean, [c], dtype);
            AssertClose(variance, runningVar, [c], dtype);
        });
    }

    [Fact]
    public void BatchNormEvaluationUsesRunningStatisticsAndLeavesThemAlone()
    {
        Holds(BatchNormCases, p =>
        {
            using var scope = DisposeScope.Enter();
            var (xs, _, dtype, seed) = p;
            var rng = new Random(seed);
            int c = xs[1];
            double[] x = Values(rng, Count(xs)), gamma = Values(rng, c), beta = Values(rng, c);
            double[] mean = Values(rng, c), variance = Values(rng, c, 0.5, 2);
            Tensor runningMean = Make(mean, [c], dtype), runningVar = Make(variance, [c], dtype);
            var y = Functional.BatchNorm(Make(x, xs, dtype), runningMean, runningVar, Make(gamma, [c], dtype), Make(beta, [c], dtype));
            AssertClose(Naive.BatchNormEval(x, xs, gamma, beta, mean, variance, 1e-5), y, xs, dtype);
            AssertClose(mean, runningMean, [c], dtype);
            AssertClose(variance, runningVar, [c], dtype);
        });
    }

    [Fact]
    public void LogSoftmaxAndSoftmaxMatchLoopsAlongEitherDim()
    {
        var gen = from rows in Gen.Choose(1, 6) from cols in Gen.Choose(1, 6) from dtype in FloatTypes from seed in Seeds
                  select (rows, cols, dtype, seed);
        Holds(gen, p =>
        {
            using var scope = DisposeScope.Enter();
            var (rows, cols, dtype, seed) = p;
            var x = Values(new Random(seed), rows * cols, -8, 8);
            var t = Make(x, [rows, cols], dtype);
            var alongCols = Naive.LogSoftmax(x, rows, cols);
            AssertClose(alongCols, Functional.LogSoftmax(t, -1), [rows, cols], dtype);
            AssertClose(alongCols.Select(Math.Exp).ToArray(), Functional.Softmax(t, 1), [rows, cols], dtype);
            // Along dim 0: the same thing on the transpose, transposed back.
            var alongRows = Naive.Transpose(Naive.LogSoftmax(Naive.Transpose(x, rows, cols), cols, rows), cols, rows);
            AssertClose(alongRows, Functional.LogSoftmax(t, 0), [rows, cols], dtype);
        });
    }

    [Fact]
    public void CrossEntropyAndNllLossMatchLoops()
    {
        var gen = from rows in Gen.Choose(1, 6) from cols in Gen.Choose(1, 6) from weighted in Bools
                  from dtype in FloatTypes from seed in Seeds select (rows, cols, weighted, dtype, seed);
        Holds(gen, p =>
        {
            using var scope = DisposeScope.Enter();
            var (rows, cols, weighted, dtype, seed) = p;
            var rng = new Random(seed);
            var x = Values(rng, rows * cols, -4, 4);
            var target = Enumerable.Range(0, rows).Select(_ => (long)rng.Next(cols)).ToArray();
            var weight = weighted ? Values(rng, cols, 0.5, 2) : null;
            Tensor t = Make(x, [rows, cols], dtype), tt = Tensor.From(target);
            var tw = weight is null ? null : Make(weight, [cols], dtype);
            AssertClose([Naive.CrossEntropy(x, rows, cols, target, weight)], Functional.CrossEntropy(t, tt, tw), [], dtype);
            // nll_loss only picks and weights entries, so any values serve as log-probabilities.
            AssertClose([Naive.NllLoss(x, rows, cols, target, weight)], Functional.NllLoss(t, tt, tw), [], dtype);
            var perRow = Enumerable.Range(0, rows).Select(r => -(weight?[target[r]] ?? 1) * x[r * cols + target[r]]).ToArray();
            AssertClose(perRow, Functional.NllLoss(t, tt, tw, Reduction.None), [rows], dtype);
            AssertClose([perRow.Sum()], Functional.NllLoss(t, tt, tw, Reduction.Sum), [], dtype);
        });
    }

    [Fact]
    public void ElementwiseArithmeticBroadcastsLikeLoops()
    {
        // Each operand keeps a dimension or shrinks it to 1 (bit i of its mask); b may also drop its leading dim.
        var gen = from rank in Gen.Choose(1, 3) from maskA in Gen.Choose(0, 7) from maskB in Gen.Choose(0, 7)
                  from dropLeading in Bools from dtype in FloatTypes from seed in Seeds
                  select (rank, maskA, maskB, dropLeading, dtype, seed);
        Holds(gen, p =>
        {
            using var scope = DisposeScope.Enter();
            var (rank, maskA, maskB, dropLeading, dtype, seed) = p;
            var rng = new Random(seed);
            var full = Enumerable.Range(0, rank).Select(_ => rng.Next(1, 5)).ToArray();
            int[] aShape = Masked(full, maskA), bFull = Masked(full, maskB);
            var bShape = dropLeading && rank > 1 && bFull[0] == 1 ? bFull[1..] : bFull;
            var outShape = aShape.Zip(bFull, Math.Max).ToArray();
            var a = Values(rng, Count(aShape));
            var b = Values(rng, Count(bShape), 0.5, 2).Select(v => rng.Next(2) == 0 ? v : -v).ToArray(); // away from 0, for division
            Tensor ta = Make(a, aShape, dtype), tb = Make(b, bShape, dtype);
            double A(int[] i) => a[Flat(aShape, i)];
            double B(int[] i) => b[Flat(bFull, i)]; // bFull has bShape's data, with the dropped leading 1 restored
            AssertMatches(ta + tb, outShape, i => A(i) + B(i), dtype);
            AssertMatches(ta - tb, outShape, i => A(i) - B(i), dtype);
            AssertMatches(ta * tb, outShape, i => A(i) * B(i), dtype);
            AssertMatches(ta / tb, outShape, i => A(i) / B(i), dtype);
            AssertMatches(ta.Maximum(tb), outShape, i => Math.Max(A(i), B(i)), dtype);
            AssertMatches(ta.Add(tb, alpha: -3), outShape, i => A(i) - 3 * B(i), dtype);
            AssertMatches(3 - ta, aShape, i => 3 - A(i), dtype);
            AssertMatches(2 / tb, bFull, i => 2 / B(i), dtype, bShape);
            AssertMatches(ta * 0.5 + 1, aShape, i => A(i) * 0.5 + 1, dtype);
        });
    }

    [Fact]
    public void ReductionsAlongADimMatchLoops()
    {
        var gen = from rank in Gen.Choose(1, 3) from keepDim in Bools from negativeDim in Bools
                  from dtype in FloatTypes from seed in Seeds select (rank, keepDim, negativeDim, dtype, seed);
        Holds(gen, p =>
        {
            using var scope = DisposeScope.Enter();
            var (rank, keepDim, negativeDim, dtype, seed) = p;
            var rng = new Random(seed);
            var shape = Enumerable.Range(0, rank).Select(_ => rng.Next(1, 5)).ToArray();
            var x = Distinct(rng, Count(shape));
            var t = Make(x, shape, dtype);
            int d = rng.Next(rank);
            long dim = negativeDim ? d - rank : d;
            var outShape = keepDim ? shape.Select((s, i) => i == d ? 1 : s).ToArray() : shape.Where((_, i) => i != d).ToArray();
            // The values along d at an output index (which has a 1, or nothing, at d).
            IEnumerable<double> Line(int[] o)
            {
                var i = keepDim ? (int[])o.Clone() : [.. o[..d], 0, .. o[d..]];
                for (i[d] = 0; i[d] < shape[d]; i[d]++) yield return x[Flat(shape, i)];
            }
            AssertMatches(t.Sum(dim, keepDim), outShape, o => Line(o).Sum(), dtype);
            AssertMatches(t.Mean(dim, keepDim), outShape, o => Line(o).Average(), dtype);
            AssertMatches(t.Amax([dim], keepDim), outShape, o => Line(o).Max(), dtype);
            var (values, indices) = t.Max(dim, keepDim);
            AssertMatches(values, outShape, o => Line(o).Max(), dtype);
            AssertMatches(indices, outShape, o => Array.IndexOf(Line(o).ToArray(), Line(o).Max()), DType.Float64);
            AssertMatches(t.ArgMax(dim, keepDim), outShape, o => Array.IndexOf(Line(o).ToArray(), Line(o).Max()), DType.Float64);
            AssertMatches(t.Min(dim, keepDim).Values, outShape, o => Line(o).Min(), dtype);
            // Whole-tensor reductions; argmax indexes the flattened tensor.
            AssertClose([x.Sum()], t.Sum(), [], dtype);
            AssertClose([x.Average()], t.Mean(), [], dtype);
            AssertClose([x.Max()], t.Max(), [], dtype);
            AssertClose([Array.IndexOf(x, x.Max())], t.ArgMax(), [], DType.Float64);
            AssertClose([Math.Sqrt(x.Sum(v => v * v))], t.Norm(), [], dtype);
        });
    }

    [Fact]
    public void SortAndTopKMatchLinq()
    {
        var gen = from rows in Gen.Choose(1, 4) from cols in Gen.Choose(1, 6) from largestFirst in Bools
                  from dtype in FloatTypes from seed in Seeds select (rows, cols, largestFirst, dtype, seed);
        Holds(gen, p =>
        {
            using var scope = DisposeScope.Enter();
            var (rows, cols, largestFirst, dtype, seed) = p;
            var rng = new Random(seed);
            var x = Distinct(rng, rows * cols);
            var t = Make(x, [rows, cols], dtype);
            int k = rng.Next(1, cols + 1);
            // Column positions of each row in the wanted order.
            var order = Enumerable.Range(0, rows).Select(r =>
            {
                var cs = Enumerable.Range(0, cols).OrderBy(c => x[r * cols + c]).ToArray();
                return largestFirst ? cs.Reverse().ToArray() : cs;
            }).ToArray();
            var (sorted, sortIndex) = t.Sort(-1, largestFirst);
            AssertMatches(sorted, [rows, cols], i => x[i[0] * cols + order[i[0]][i[1]]], dtype);
            AssertMatches(sortIndex, [rows, cols], i => order[i[0]][i[1]], DType.Float64);
            var (top, topIndex) = t.TopK(k, largest: largestFirst);
            AssertMatches(top, [rows, k], i => x[i[0] * cols + order[i[0]][i[1]]], dtype);
            AssertMatches(topIndex, [rows, k], i => order[i[0]][i[1]], DType.Float64);
        });
    }

    [Fact]
    public void PermuteTransposeAndReshapeOfAViewMatchIndexMapping()
    {
        var gen = from rank in Gen.Choose(2, 4) from seed in Seeds select (rank, seed);
        Holds(gen, p =>
        {
            using var scope = DisposeScope.Enter();
            var (rank, seed) = p;
            var rng = new Random(seed);
            var shape = Enumerable.Range(0, rank).Select(_ => rng.Next(1, 5)).ToArray();
            var perm = Enumerable.Range(0, rank).ToArray();
            rng.Shuffle(perm);
            var x = Values(rng, Count(shape));
            var t = Make(x, shape, DType.Float64);
            // Output dim i is input dim perm[i].
            var permuted = t.Permute([.. perm.Select(v => (long)v)]);
            var outShape = perm.Select(v => shape[v]).ToArray();
            double Source(int[] o)
            {
                var i = new int[rank];
                for (int k = 0; k < rank; k++) i[perm[k]] = o[k];
                return x[Flat(shape, i)];
            }
            AssertMatches(permuted, outShape, Source, DType.Float64);
            // Reshaping the non-contiguous view follows its logical (row-major) order.
            AssertClose(Expected(outShape, Source), permuted.Reshape(-1), [Count(shape)], DType.Float64);
            AssertMatches(t.Transpose(0, rank - 1), [shape[^1], .. shape[1..^1], shape[0]],
                o => x[Flat(shape, [o[^1], .. o[1..^1], o[0]])], DType.Float64);
        });
    }

    [Fact]
    public void CatAndStackMatchIndexMapping()
    {
        var gen = from count in Gen.Choose(1, 3) from rank in Gen.Choose(1, 3) from seed in Seeds select (count, rank, seed);
        Holds(gen, p =>
        {
            using var scope = DisposeScope.Enter();
            var (count, rank, seed) = p;
            var rng = new Random(seed);
            var shape = Enumerable.Range(0, rank).Select(_ => rng.Next(1, 4)).ToArray();
            int d = rng.Next(rank);
            // Pieces for cat differ in size along d; pieces for stack all have the same shape.
            var catShapes = Enumerable.Range(0, count).Select(_ => shape.Select((s, i) => i == d ? rng.Next(1, 4) : s).ToArray()).ToArray();
            var catData = catShapes.Select(s => Values(rng, Count(s))).ToArray();
            var stackData = Enumerable.Range(0, count).Select(_ => Values(rng, Count(shape))).ToArray();
            var cat = Tensor.Cat(catData.Select((v, j) => Make(v, catShapes[j], DType.Float64)).ToArray(), d);
            var catShape = shape.Select((s, i) => i == d ? catShapes.Sum(c => c[d]) : s).ToArray();
            AssertMatches(cat, catShape, o =>
            {
                var i = (int[])o.Clone();
                int j = 0;
                for (; i[d] >= catShapes[j][d]; j++) i[d] -= catShapes[j][d];
                return catData[j][Flat(catShapes[j], i)];
            }, DType.Float64);
            var stack = Tensor.Stack(stackData.Select(v => Make(v, shape, DType.Float64)).ToArray(), d);
            AssertMatches(stack, [.. shape[..d], count, .. shape[d..]], o => stackData[o[d]][Flat(shape, [.. o[..d], .. o[(d + 1)..]])], DType.Float64);
        });
    }

    [Fact]
    public void IndexSelectGatherAndIndexCopyMatchIndexMapping()
    {
        var gen = from d in Gen.Choose(0, 2) from seed in Seeds select (d, seed);
        Holds(gen, p =>
        {
            using var scope = DisposeScope.Enter();
            var (d, seed) = p;
            var rng = new Random(seed);
            int[] shape = [rng.Next(1, 5), rng.Next(1, 5), rng.Next(1, 5)];
            var x = Values(rng, Count(shape));
            var t = Make(x, shape, DType.Float64);
            // index_select: any indices along d, repeats allowed.
            var picks = Enumerable.Range(0, rng.Next(1, 6)).Select(_ => (long)rng.Next(shape[d])).ToArray();
            var selShape = shape.Select((s, i) => i == d ? picks.Length : s).ToArray();
            AssertMatches(t.IndexSelect(d, Tensor.From(picks)), selShape,
                o => x[Flat(shape, o.Select((v, i) => i == d ? (int)picks[v] : v).ToArray())], DType.Float64);
            // gather: out[o] = x[o with o[d] replaced by index[o]].
            var gatherShape = shape.Select((s, i) => i == d ? rng.Next(1, 5) : rng.Next(1, s + 1)).ToArray();
            var index = Enumerable.Range(0, Count(gatherShape)).Select(_ => (long)rng.Next(shape[d])).ToArray();
            AssertMatches(t.Gather(d, Tensor.From(index, Longs(gatherShape))), gatherShape,
                o => x[Flat(shape, o.Select((v, i) => i == d ? (int)index[Flat(gatherShape, o)] : v).ToArray())], DType.Float64);
            // index_copy_, select's inverse: slice j of the source lands at targets[j] (distinct), the rest stays.
            var targets = Enumerable.Range(0, shape[d]).OrderBy(_ => rng.Next()).Take(rng.Next(1, shape[d] + 1)).Select(i => (long)i).ToArray();
            int[] sourceShape = shape.Select((s, i) => i == d ? targets.Length : s).ToArray();
            var y = Values(rng, Count(sourceShape));
            t.IndexCopy_(d, Tensor.From(targets), Make(y, sourceShape, DType.Float64));
            AssertMatches(t, shape, o =>
            {
                var from = Array.IndexOf(targets, (long)o[d]);
                return from < 0 ? x[Flat(shape, o)] : y[Flat(sourceShape, o.Select((v, i) => i == d ? from : v).ToArray())];
            }, DType.Float64);
        });
    }

    [Fact]
    public void IndexCopyWithAnIndexOfTheWrongLengthIsAnErrorNotACrash()
    {
        using var t = Tensor.Zeros([4, 3]);
        using var index = Tensor.From(new long[] { 0, 2 });
        using var source = Tensor.Ones([3, 3]);
        var e = Assert.Throws<TorchException>(() => t.IndexCopy_(0, index, source));
        Assert.Contains("index_copy_", e.Message);
    }

    [Fact]
    public void IndexerNarrowAndSelectMatchIndexMapping()
    {
        Holds(Seeds, seed =>
        {
            using var scope = DisposeScope.Enter();
            var rng = new Random(seed);
            int a = rng.Next(1, 6), b = rng.Next(1, 6), c = rng.Next(1, 6);
            int[] shape = [a, b, c];
            var x = Values(rng, Count(shape));
            var t = Make(x, shape, DType.Float64);
            double X(int i, int j, int k) => x[(i * b + j) * c + k];
            // t[.., j] with j possibly negative (counted from the end), as PyTorch's t[:, j].
            int j = rng.Next(-b, b), jj = j < 0 ? j + b : j;
            AssertMatches(t[.., j], [a, c], o => X(o[0], jj, o[1]), DType.Float64);
            // t[r0..r1, .., s0..^e by step] with a from-end bound.
            int r0 = rng.Next(a), r1 = rng.Next(r0, a + 1), s0 = rng.Next(c), e = rng.Next(c - s0), step = rng.Next(1, 4);
            int s1 = c - e, len = (s1 - s0 + step - 1) / step;
            AssertMatches(t[r0..r1, .., TensorIndex.Slice(s0, ^e, step)], [r1 - r0, b, len], o => X(r0 + o[0], o[1], s0 + step * o[2]), DType.Float64);
            AssertMatches(t.Narrow(1, jj, b - jj), [a, b - jj, c], o => X(o[0], jj + o[1], o[2]), DType.Float64);
            AssertMatches(t.Select(2, s0), [a, b], o => X(o[0], o[1], s0), DType.Float64);
        });
    }

    // ---- helpers ----

    /// <summary>Uniform values in [low, high), rounded to float32 so that both dtypes hold them exactly.</summary>
    private static double[] Values(Random rng, int count, double low = -2, double high = 2) =>
        Enumerable.Range(0, count).Select(_ => (double)(float)(low + (high - low) * rng.NextDouble())).ToArray();

    /// <summary>Distinct values (a shuffled range), so that max, argmax and sort have no ties.</summary>
    private static double[] Distinct(Random rng, int count)
    {
        var x = Enumerable.Range(0, count).Select(i => (i - count / 2) * 0.25).ToArray();
        rng.Shuffle(x);
        return x;
    }

    private static int[] Masked(int[] shape, int mask) => shape.Select((s, i) => (mask >> i & 1) == 1 ? 1 : s).ToArray();

    private static int Count(int[] shape) => shape.Aggregate(1, (p, s) => p * s);

    private static long[] Longs(int[] shape) => [.. shape.Select(s => (long)s)];

    private static Tensor Make(double[] data, int[] shape, DType dtype) => Tensor.From(data, Longs(shape)).To(dtype);

    /// <summary>Row-major position of <paramref name="index"/>; a size-1 dimension broadcasts (any index reads 0).</summary>
    private static int Flat(int[] shape, int[] index)
    {
        int flat = 0, skip = index.Length - shape.Length; // leading dims missing from shape broadcast too
        for (int d = 0; d < shape.Length; d++) flat = flat * shape[d] + (shape[d] == 1 ? 0 : index[skip + d]);
        return flat;
    }

    /// <summary><paramref name="value"/> at every index of <paramref name="shape"/>, row-major.</summary>
    private static double[] Expected(int[] shape, Func<int[], double> value)
    {
        var result = new double[Count(shape)];
        var index = new int[shape.Length];
        for (int flat = 0; flat < result.Length; flat++)
        {
            result[flat] = value(index);
            for (int d = shape.Length - 1; d >= 0 && ++index[d] == shape[d]; d--) index[d] = 0;
        }
        return result;
    }

    private static void AssertMatches(Tensor actual, int[] shape, Func<int[], double> value, DType dtype, int[]? actualShape = null) =>
        AssertClose(Expected(shape, value), actual, actualShape ?? shape, dtype);

    /// <summary>Same shape, and every element within abs + rel tolerance (1e-9 for Float64, 1e-4 for Float32).</summary>
    private static void AssertClose(double[] expected, Tensor actual, int[] shape, DType dtype)
    {
        Assert.Equal(Longs(shape), actual.Shape);
        var got = actual.To(DType.Float64).ToArray<double>();
        var tol = dtype == DType.Float64 ? 1e-9 : 1e-4;
        for (int i = 0; i < expected.Length; i++)
            // Written so that NaN fails; equal infinities pass.
            if (expected[i] != got[i] && !(Math.Abs(expected[i] - got[i]) <= tol * (1 + Math.Abs(expected[i]))))
                Assert.Fail($"element {i} of [{string.Join(", ", shape)}]: expected {expected[i]}, got {got[i]}");
    }
}
