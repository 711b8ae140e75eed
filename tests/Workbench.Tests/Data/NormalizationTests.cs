using Workbench.Data;
using Workbench.Torch;

namespace Workbench.Tests.Data;

/// <summary>Per-channel statistics and standardisation.</summary>
public class NormalizationTests
{
    [Fact]
    public void StatisticsMatchADirectComputationAndStandardise()
    {
        using var scope = DisposeScope.Enter();
        LibTorch.ManualSeed(11);
        // Three channels with very different offsets and spreads.
        var images = Tensor.Rand(50, 3, 6, 6) * Tensor.From(new float[] { 1f, 0.2f, 3f }, 1, 3, 1, 1)
                   + Tensor.From(new float[] { 0f, 0.7f, -2f }, 1, 3, 1, 1);
        var stats = Normalization.FromData(images, chunk: 7); // chunks that do not divide N

        var values = images.Permute(1, 0, 2, 3).Contiguous().ToArray<float>();
        for (int c = 0; c < 3; c++)
        {
            var channel = values.Skip(c * 50 * 36).Take(50 * 36).Select(v => (double)v).ToArray();
            var mean = channel.Average();
            var std = Math.Sqrt(channel.Select(v => (v - mean) * (v - mean)).Average());
            Assert.Equal(mean, stats.Mean[c], 4);
            Assert.Equal(std, stats.Std[c], 4);
        }

        var normalised = stats.Apply(images);
        var channelMean = normalised.Mean([0, 2, 3]).ToArray<float>();
        var channelSquare = normalised.Square().Mean([0, 2, 3]).ToArray<float>();
        Assert.All(channelMean, m => Assert.InRange(m, -1e-5f, 1e-5f));
        Assert.All(channelSquare, v => Assert.InRange(v, 1 - 1e-4f, 1 + 1e-4f));
    }

    [Fact]
    public void GivenStatisticsAreAppliedAsIs()
    {
        using var scope = DisposeScope.Enter();
        var images = Tensor.From(new float[] { 1, 3, 5, 7 }, 1, 2, 1, 2);
        var result = new Normalization([1, 2], [2, 4]).Apply(images);
        Assert.Equal([0f, 1f, 0.75f, 1.25f], result.ToArray<float>());
    }

    [Fact]
    public void BadStatisticsAreRefused()
    {
        Assert.Throws<ArgumentException>(() => new Normalization([0.5f], [0f]));
        Assert.Throws<ArgumentException>(() => new Normalization([0.5f, 0.5f], [1f]));
        using var images = Tensor.Zeros(2, 3, 4, 4);
        Assert.Throws<ArgumentException>(() => new Normalization([0], [1]).Apply(images));
    }
}
