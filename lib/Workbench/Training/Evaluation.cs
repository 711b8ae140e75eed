using Workbench.Data;
using Workbench.Nn;
using Workbench.Torch;

namespace Workbench.Training;

/// <summary>Loss, accuracy and misclassification rate (MCR, in %) of a model on a dataset.</summary>
public sealed record Evaluation(double Loss, double Accuracy, int Count, double[] PerClassAccuracy)
{
    /// <summary>Misclassification rate in percent, as the coarse-pruning paper reports it.</summary>
    public double Mcr => 100 * (1 - Accuracy);

    public override string ToString() => $"loss {Loss:F4}  accuracy {Accuracy:P2}  MCR {Mcr:F2}%  ({Count} images)";

    /// <summary>
    /// Evaluates in eval mode without gradients. Predictions and the loss stay on the model's
    /// device until the end, so a GPU evaluation makes one host transfer, not one per batch.
    /// </summary>
    public static Evaluation Of(Module model, Dataset data, Normalization? normalization = null, int batchSize = 500, int numClasses = 0)
    {
        using var mode = new InferenceMode(model);
        using var scope = DisposeScope.Enter();
        var loader = new BatchLoader(data, batchSize) { Shuffle = false, Device = model.Device, Normalization = normalization };
        var lossSum = Tensor.Zeros([], DType.Float64, model.Device);
        var predictions = new List<Tensor>();
        foreach (var (images, labels) in loader.Epoch(0))
        {
            var logits = model.Forward(images);
            lossSum.Add_(Functional.CrossEntropy(logits, labels, reduction: Reduction.Sum));
            predictions.Add(logits.ArgMax(1));
        }
        var predicted = Tensor.Cat(predictions).ToArray<long>();
        var truth = data.LabelArray();
        var classes = Math.Max(numClasses, Math.Max(data.ClassNames.Count, (int)truth.DefaultIfEmpty(0).Max() + 1));
        var correct = new int[classes];
        var total = new int[classes];
        for (int i = 0; i < truth.Length; i++)
        {
            total[truth[i]]++;
            if (predicted[i] == truth[i]) correct[truth[i]]++;
        }
        var n = Math.Max(1, truth.Length);
        return new Evaluation(lossSum.Item<double>() / n, (double)correct.Sum() / n, truth.Length,
            correct.Zip(total, (c, t) => t == 0 ? double.NaN : (double)c / t).ToArray());
    }
}
