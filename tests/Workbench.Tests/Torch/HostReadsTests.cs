using Workbench.Data;
using Workbench.Nn.Models;
using Workbench.Pruning;
using Workbench.Pruning.Selection;
using Workbench.Torch;
using Workbench.Training;

namespace Workbench.Tests.Torch;

/// <summary>
/// Each read of a tensor's values into C# is counted, and evaluation and the mask search read a fixed number
/// of times however many batches they run: on a GPU a read per batch would stall the device once per batch.
/// </summary>
public class HostReadsTests
{
    [Fact]
    public void ItemAndToArrayAreCountedButTensorArithmeticIsNot()
    {
        using var scope = DisposeScope.Enter();
        var t = Tensor.From([1f, 2f, 3f]);
        Assert.Equal(0, HostReadCount.During(() => _ = (t * 2 + 1).Sum()));
        Assert.Equal(1, HostReadCount.During(() => _ = t.Sum().Item<float>()));
        Assert.Equal(1, HostReadCount.During(() => _ = t.ToArray<float>()));
        Assert.Equal(2, HostReadCount.During(() => { _ = t.ToArray<float>(); _ = t.ToArray<float>(); }));
    }

    [Fact]
    public void EvaluationReadsTheSameNumberOfTimesForOneBatchOrForty()
    {
        using var train = FashionMnist.Load(Split.Train);
        using var data = train.Subset(Enumerable.Range(0, 400).Select(i => (long)i).ToArray());
        LibTorch.ManualSeed(1);
        using var net = ConvNet.Create(1, 28, width: 0.125);
        var oneBatch = HostReadCount.During(() => Evaluation.Of(net, data, batchSize: 400));
        var fortyBatches = HostReadCount.During(() => Evaluation.Of(net, data, batchSize: 10));
        Assert.Equal(oneBatch, fortyBatches);
        Assert.InRange(oneBatch, 1, 3);
    }

    [Fact]
    public void TheMaskSearchReadsOncePerCandidateScoreNotPerBatch()
    {
        using var train = FashionMnist.Load(Split.Train);
        using var valid = train.Subset(Enumerable.Range(0, 400).Select(i => (long)i).ToArray());
        LibTorch.ManualSeed(2);
        using var net = ConvNet.Create(1, 28, width: 0.125);
        long ReadsPerCandidate(int batchSize, bool reuse)
        {
            using var evaluator = new ValidationEvaluator(net, valid, batchSize: batchSize) { ReuseActivations = reuse };
            var layer = net.ConvLayers()[2];
            return HostReadCount.During(() => new LeastAdversarialSelector(evaluator, 8, seed: 1).Select(layer, Granularity.FeatureMap, 0.5)) / 8;
        }
        // Two numbers per candidate (misclassifications and loss); forty batches change nothing.
        foreach (var reuse in new[] { true, false })
        {
            Assert.Equal(ReadsPerCandidate(400, reuse), ReadsPerCandidate(10, reuse));
            Assert.InRange(ReadsPerCandidate(10, reuse), 1, 3);
        }
    }
}
