using Workbench.Nn;
using Workbench.Nn.Models;
using Workbench.Torch;

namespace Workbench.Tests.Nn;

/// <summary>Networks in the states checkpoint and agreement tests need: pruned shapes, trained-looking BatchNorm.</summary>
internal static class ModelFixtures
{
    /// <summary>
    /// A ResNet20 after pruning: stage 1 lost a block and narrowed the other's middle, stage 2 kept its
    /// three blocks with one narrowed, stage 3 kept only its (downsampling) first block, narrowed.
    /// </summary>
    public static ResNetArchitecture PrunedResNet20() => new()
    {
        Depth = 20, InChannels = 3, InputSize = 32,
        Stages = [[16, 5], [32, 11, 32], [7]],
    };

    /// <summary>The networks the tests cover, by name (xunit data must be serialisable, modules are not).</summary>
    public static Module Create(string name) => name switch
    {
        "convnet-bn" => ConvNet.Create(1, 28, width: 0.125),
        "convnet-plain-dropout" => ConvNet.Create(3, 32, width: 0.125, batchNorm: false, dropout: 0.5),
        "resnet20" => ResNetCifar.Create(20),
        "resnet20-pruned" => PrunedResNet20().Build(),
        _ => throw new ArgumentException($"no test network '{name}'", nameof(name)),
    };

    /// <summary>
    /// Gives the network a trained-looking state. Every BatchNorm gets non-trivial affine parameters and
    /// running statistics: fresh ones (weight 1, bias 0, mean 0, var 1) make BN an identity in evaluation
    /// and would hide a wrongly wired one. BN weights below 1 keep a deep ResNet's logits near 1, where
    /// an absolute float32 tolerance is meaningful.
    /// Values come from <see cref="Random"/>, so libtorch's generator is left alone.
    /// </summary>
    public static void GiveTrainedState(Module model, int seed)
    {
        var random = new Random(seed);
        using var noGrad = Autograd.NoGrad();
        foreach (var bn in model.NamedModules().Select(m => m.Module).OfType<BatchNorm2d>())
        {
            Fill(bn.Weight, random, 0.2, 0.6);
            Fill(bn.Bias, random, -0.3, 0.3);
            Fill(bn.RunningMean, random, -0.3, 0.3);
            Fill(bn.RunningVar, random, 0.5, 2.0);
            bn.NumBatchesTracked.Fill_(random.Next(1, 10_000));
        }
        // A fresh ConvNet's default-initialised classifier gives logits within ±0.2, too flat for an
        // absolute tolerance to see much; trained classifiers spread them over units, as this does.
        if (model is ConvNet)
            foreach (var linear in model.NamedModules().Select(m => m.Module).OfType<Linear>()) linear.Weight.Mul_(3);
    }

    /// <summary>A batch of inputs uniform on [-2, 2), reproducible from <paramref name="seed"/>.</summary>
    public static Tensor Input(long[] imageShape, int batch, int seed)
    {
        var random = new Random(seed);
        long[] shape = [batch, .. imageShape];
        var count = shape.Aggregate(1L, (a, b) => a * b);
        return Tensor.From(Enumerable.Range(0, (int)count).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray(), shape);
    }

    private static void Fill(Tensor target, Random random, double low, double high)
    {
        var values = Enumerable.Range(0, (int)target.NumEl).Select(_ => (float)(low + (high - low) * random.NextDouble())).ToArray();
        using var source = Tensor.From(values, target.Shape);
        target.Copy_(source);
    }
}
