using Workbench.Data;
using Workbench.Nn;
using Workbench.Torch;

namespace Workbench.Similarity;

public sealed partial class CkaMatrix
{
    /// <summary>
    /// Linear CKA between the outputs of <paramref name="layersA"/> of <paramref name="a"/> (rows)
    /// and <paramref name="layersB"/> of <paramref name="b"/> (columns) on the first
    /// <paramref name="limit"/> images of <paramref name="data"/> (<see cref="FeatureCapture"/>'s
    /// conventions: module names, evaluation mode, the models' devices). Both networks see the same
    /// images; <paramref name="a"/> and <paramref name="b"/> may be the same object (one forward per batch).
    /// Layer outputs are flattened, so convolutional maps compare as whole activations. A layer that
    /// is constant over the images (a dead ReLU) gets NaN in its row or column. For
    /// <see cref="CkaEstimator.Minibatch"/> a last batch of fewer than 4 images joins the one before.
    /// </summary>
    public static CkaMatrix Between(Module a, Module b, Dataset data, IReadOnlyList<string> layersA, IReadOnlyList<string> layersB,
        Normalization? normalization, int limit, int batchSize = 100, CkaEstimator estimator = CkaEstimator.Full)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        CheckLayers(layersA, nameof(layersA));
        CheckLayers(layersB, nameof(layersB));
        var same = ReferenceEquals(a, b);
        // Built first in either mode, so that a wrong layer name fails before any forward pass.
        var recorderA = new ModuleRecorder(a, same ? [.. layersA.Union(layersB)] : layersA);
        var recorderB = same ? recorderA : new ModuleRecorder(b, layersB);
        var n = InputBatches.Count(data, limit, batchSize);
        var minimum = estimator == CkaEstimator.Minibatch ? MinibatchCka.MinimumBatch : 2;
        if (n < minimum) throw new ArgumentException($"{estimator} CKA needs at least {minimum} images, got {n}", nameof(limit));

        using var scope = DisposeScope.Enter();
        using var inferenceA = new InferenceMode(a);
        using var inferenceB = same ? null : new InferenceMode(b);
        // Either way the work reduces to stacks of per-layer Gram matrices on a's device.
        var values = estimator switch
        {
            CkaEstimator.Full => Full(a, b, data, layersA, layersB, normalization, n, batchSize),
            CkaEstimator.Minibatch => Minibatch(recorderA, recorderB, same, a.Device, b.Device, data, layersA, layersB, normalization, n, batchSize),
            var other => throw new ArgumentOutOfRangeException(nameof(estimator), other, "unknown CKA estimator"),
        };
        return new CkaMatrix(values, layersA, layersB);
    }

    private static double[,] Full(Module a, Module b, Dataset data, IReadOnlyList<string> layersA, IReadOnlyList<string> layersB,
        Normalization? normalization, int n, int batchSize)
    {
        var same = ReferenceEquals(a, b);
        var featuresA = FeatureCapture.Modules(a, data, same ? [.. layersA.Union(layersB)] : layersA, normalization, n, batchSize);
        var featuresB = same ? featuresA : FeatureCapture.Modules(b, data, layersB, normalization, n, batchSize);
        // CKA = ⟨K, L⟩ / (‖K‖ ‖L‖): with each centred Gram matrix scaled to unit norm, one product
        // of the flattened stacks gives every pair. A constant layer's zero Gram becomes NaN.
        Tensor UnitGrams(IReadOnlyList<string> layers, IReadOnlyDictionary<string, Tensor> features) =>
            Tensor.Stack([.. layers.Select(l =>
            {
                using var gram = Representation.CentredGram(features[l]);
                using var flat = gram.Flatten();
                return flat / flat.Norm();
            })]).To(a.Device);
        var gramsA = UnitGrams(layersA, featuresA);
        var gramsB = UnitGrams(layersB, featuresB);
        // The features are no longer needed: free them before the product rather than with the scope.
        foreach (var t in featuresA.Values.Concat(same ? [] : featuresB.Values)) t.Dispose();
        return ToArray(gramsA.MatMul(gramsB.T), layersA.Count, layersB.Count);
    }

    private static double[,] Minibatch(ModuleRecorder recorderA, ModuleRecorder recorderB, bool same, Device deviceA, Device deviceB,
        Dataset data, IReadOnlyList<string> layersA, IReadOnlyList<string> layersB, Normalization? normalization, int n, int batchSize)
    {
        // Sums of HSIC₁ over batches stay on the device; one transfer at the end.
        var cross = Tensor.Zeros([layersA.Count, layersB.Count], DType.Float64, deviceA);
        var selfA = Tensor.Zeros([layersA.Count, layersA.Count], DType.Float64, deviceA);
        var selfB = Tensor.Zeros([layersB.Count, layersB.Count], DType.Float64, deviceA);
        foreach (var range in InputBatches.Ranges(n, batchSize, MinibatchCka.MinimumBatch))
        {
            using var scope = DisposeScope.Enter();
            var outputsA = recorderA.Run(InputBatches.Images(data, range, deviceA, normalization));
            var outputsB = same ? outputsA : recorderB.Run(InputBatches.Images(data, range, deviceB, normalization));
            var gramsA = Tensor.Stack([.. layersA.Select(l => Representation.CentredGram(outputsA[l]))]);
            var gramsB = Tensor.Stack([.. layersB.Select(l => Representation.CentredGram(outputsB[l]))]).To(deviceA);
            cross.Add_(UnbiasedHsic.Cross(gramsA, gramsB));
            selfA.Add_(UnbiasedHsic.Cross(gramsA, gramsA));
            selfB.Add_(UnbiasedHsic.Cross(gramsB, gramsB));
        }
        var (c, sa, sb) = (ToArray(cross, layersA.Count, layersB.Count), ToArray(selfA, layersA.Count, layersA.Count), ToArray(selfB, layersB.Count, layersB.Count));
        var values = new double[layersA.Count, layersB.Count];
        for (int i = 0; i < layersA.Count; i++)
            for (int j = 0; j < layersB.Count; j++)
                values[i, j] = sa[i, i] > 0 && sb[j, j] > 0 ? c[i, j] / Math.Sqrt(sa[i, i] * sb[j, j]) : double.NaN;
        return values;
    }

    private static double[,] ToArray(Tensor matrix, int rows, int columns)
    {
        using var cpu = matrix.To(Device.Cpu);
        var flat = cpu.ToArray<double>();
        var result = new double[rows, columns];
        Buffer.BlockCopy(flat, 0, result, 0, flat.Length * sizeof(double));
        return result;
    }

    // Repeated names would merge on the figure's category axes and say nothing new.
    private static void CheckLayers(IReadOnlyList<string> layers, string parameter)
    {
        ArgumentNullException.ThrowIfNull(layers, parameter);
        if (layers.Count == 0) throw new ArgumentException("name at least one layer", parameter);
        var repeated = layers.GroupBy(l => l).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (repeated.Count > 0) throw new ArgumentException($"layers named more than once: {string.Join(", ", repeated)}", parameter);
    }
}
