using Workbench.Data;
using Workbench.Torch;

namespace Workbench.Tests.Data;

public class DatasetFingerprintTests
{
    private static Dataset Random(int seed, int count)
    {
        LibTorch.ManualSeed((ulong)seed);
        return new Dataset(Tensor.Rand(count, 1, 4, 4), Tensor.RandInt(0, 10, [count]), Enumerable.Range(0, 10).Select(i => $"c{i}").ToArray());
    }

    private static Dataset Copy(Dataset d, Action<float[]>? images = null, Action<long[]>? labels = null)
    {
        var pixels = d.Images.ToArray<float>();
        var classes = d.LabelArray();
        images?.Invoke(pixels);
        labels?.Invoke(classes);
        return new Dataset(Tensor.From(pixels, d.Count, d.Channels, d.Height, d.Width), Tensor.From(classes), d.ClassNames);
    }

    [Fact]
    public void EqualDataGivesEqualHashesAndAnyHeldOutPixelOrAnyLabelChangesIt()
    {
        using var train = Random(1, 30);
        using var held = Random(2, 20);
        var reference = DatasetFingerprint.Of(train, held);
        using (var sameTrain = Copy(train)) using (var sameHeld = Copy(held))
            Assert.Equal(reference, DatasetFingerprint.Of(sameTrain, sameHeld));
        using (var onePixel = Copy(held, images: p => p[^1] += 1e-3f))
            Assert.NotEqual(reference, DatasetFingerprint.Of(train, onePixel));
        using (var oneHeldLabel = Copy(held, labels: l => l[0] = (l[0] + 1) % 10))
            Assert.NotEqual(reference, DatasetFingerprint.Of(train, oneHeldLabel));
        using (var oneTrainLabel = Copy(train, labels: l => l[^1] = (l[^1] + 1) % 10))
            Assert.NotEqual(reference, DatasetFingerprint.Of(oneTrainLabel, held));
        // The roles are not interchangeable: the same two sets the other way round are another run's data.
        Assert.NotEqual(reference, DatasetFingerprint.Of(held, train));
    }
}
