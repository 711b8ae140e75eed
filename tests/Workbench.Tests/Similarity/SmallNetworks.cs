using Workbench.Data;
using Workbench.Nn;
using Workbench.Nn.Models;
using Workbench.Tests.Nn;
using Workbench.Torch;

namespace Workbench.Tests.Similarity;

/// <summary>Tiny networks and images (2 channels, 8×8) for the capture and matrix tests.</summary>
internal static class SmallNetworks
{
    /// <summary>
    /// classifier = Flatten, Dropout, Linear, ReLU, Dropout, Linear: dropout shows whether evaluation
    /// mode was set. <paramref name="trainedBatchNorm"/> gives BatchNorm non-trivial statistics, which
    /// in a network this narrow can leave deeper ReLUs dead (constant), as a real network may be.
    /// </summary>
    public static ConvNet ConvNet(int seed, bool trainedBatchNorm = true)
    {
        var net = new ConvNet(new ConvNetArchitecture { InChannels = 2, InputSize = 8, Channels = [4, 5, 4, 5, 6, 5], Hidden = 7, BatchNorm = true, Dropout = 0.5 });
        Initialise(net, seed);
        if (trainedBatchNorm) ModelFixtures.GiveTrainedState(net, seed);
        return net;
    }

    public static ResNetCifar ResNet(int seed)
    {
        var net = ResNetCifar.Create(8, inChannels: 2, inputSize: 8);
        Initialise(net, seed);
        ModelFixtures.GiveTrainedState(net, seed);
        return net;
    }

    /// <summary>
    /// Kaiming-normal weights and small biases from System.Random: libtorch's generator is shared
    /// with tests running in parallel, so its initialisation would differ from run to run.
    /// </summary>
    private static void Initialise(Module net, int seed)
    {
        var random = new Random(seed);
        using var noGrad = Autograd.NoGrad();
        foreach (var (weight, bias) in net.NamedModules().Select(m => m.Module switch
                 {
                     Conv2d c => (c.Weight, c.Bias),
                     Linear l => (l.Weight, l.Bias),
                     _ => ((Tensor, Tensor?)?)null,
                 }).OfType<(Tensor, Tensor?)>())
        {
            var fanIn = weight.NumEl / weight.Size(0);
            var values = RandomMatrices.Normal(random, 1, (int)weight.NumEl).Select(v => (float)(v * Math.Sqrt(2.0 / fanIn))).ToArray();
            using (var w = Tensor.From(values, weight.Shape)) weight.Copy_(w);
            if (bias is null) continue;
            using var b = Tensor.From(Enumerable.Range(0, (int)bias.NumEl).Select(_ => (float)(random.NextDouble() * 0.2 - 0.05)).ToArray(), bias.Shape);
            bias.Copy_(b);
        }
    }

    public static Dataset Images(int count, int seed)
    {
        var random = new Random(seed);
        var pixels = Enumerable.Range(0, count * 2 * 8 * 8).Select(_ => random.NextSingle()).ToArray();
        using var scope = DisposeScope.Enter();
        return new Dataset(Tensor.From(pixels, count, 2, 8, 8), Tensor.Zeros([count], DType.Int64), ["a"], "small");
    }

    public static readonly Normalization Normalization = new([0.5f, 0.4f], [0.2f, 0.3f]);

    /// <summary>The model's output (evaluation mode) on the first <paramref name="count"/> normalised images.</summary>
    public static Tensor Evaluated(Dataset data, int count, Func<Tensor, Tensor> forward)
    {
        using var scope = DisposeScope.Enter();
        using var noGrad = Autograd.NoGrad();
        return scope.Keep(forward(Normalization.Apply(data.Images.Narrow(0, 0, count))));
    }

    public static double MaxDifference(Tensor a, Tensor b)
    {
        using var scope = DisposeScope.Enter();
        return (a.To(DType.Float64) - b.To(DType.Float64)).Abs().Max().Item<double>();
    }
}
