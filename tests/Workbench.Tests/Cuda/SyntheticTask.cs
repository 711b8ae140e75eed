using Workbench.Data;
using Workbench.Nn.Models;
using Workbench.Torch;
using Workbench.Training;

namespace Workbench.Tests.Cuda;

/// <summary>
/// A ten-class task that needs no dataset, so the CUDA tests also run on GPU machines that have none: each
/// class is a fixed random 1×28×28 pattern, and an image is its class's pattern under as much noise again.
/// </summary>
internal static class SyntheticTask
{
    public static Dataset Images(int count, ulong seed)
    {
        LibTorch.ManualSeed(1234); // the same class patterns for every set
        using var patterns = Tensor.RandN(10, 1, 28, 28);
        LibTorch.ManualSeed(seed);
        var labels = Tensor.RandInt(0, 10, [count]);
        using var signal = patterns.IndexSelect(0, labels);
        using var noise = Tensor.RandN(count, 1, 28, 28);
        return new Dataset(signal + noise, labels, [.. Enumerable.Range(0, 10).Select(i => $"pattern {i}")], "synthetic patterns");
    }

    /// <summary>Two epochs of a small ConvNet on 2,000 images; the history and the accuracy on 1,000 others.</summary>
    public static (IReadOnlyList<EpochRecord> History, double TestAccuracy, ConvNet Net) Train(Device device)
    {
        using var train = Images(2000, 1);
        using var test = Images(1000, 2);
        LibTorch.ManualSeed(2);
        var net = ConvNet.Create(1, 28, width: 0.25);
        net.To(device);
        var history = new Trainer(net, new TrainingOptions { Epochs = 2, LearningRate = 0.05, BatchSize = 64, Device = device }).Fit(train);
        return (history, Evaluation.Of(net, test).Accuracy, net);
    }
}
