using Workbench.Torch;

namespace Workbench.Tests.Cuda;

/// <summary>The CUDA tests' synthetic task, checked where every machine can: on the CPU it is learnable as they expect.</summary>
[Collection(SerialCollection.Name)]
public class SyntheticTaskTests
{
    [Fact]
    public void TheTaskTheGpuTrainingTestUsesIsLearnedOnTheCpuToo()
    {
        var (history, accuracy, net) = SyntheticTask.Train(Device.Cpu);
        net.Dispose();
        Assert.True(history[^1].TrainLoss < history[0].TrainLoss, $"train loss {history[0].TrainLoss} -> {history[^1].TrainLoss}");
        Assert.True(accuracy > 0.6, $"test accuracy {accuracy:P1}");
    }

    [Fact]
    public void TheSetsShareTheirClassPatternsButNotTheirImages()
    {
        using var a = SyntheticTask.Images(200, 1);
        using var b = SyntheticTask.Images(200, 2);
        static float[] ClassMean(Workbench.Data.Dataset d, int label)
        {
            var (pixels, labels) = (d.Images.ToArray<float>(), d.LabelArray());
            var mean = new float[784];
            var members = Enumerable.Range(0, labels.Length).Where(i => labels[i] == label).ToArray();
            foreach (var i in members)
                for (int p = 0; p < 784; p++) mean[p] += pixels[i * 784 + p] / members.Length;
            return mean;
        }
        // Class means of two independent sets agree (the shared patterns); the images themselves differ.
        var (meanA, meanB) = (ClassMean(a, 0), ClassMean(b, 0));
        var gap = meanA.Zip(meanB, (x, y) => Math.Abs(x - y)).Average();
        var spread = meanA.Average(Math.Abs);
        Assert.True(gap < 0.5 * spread, $"class-0 means differ by {gap}, against a mean magnitude of {spread}");
        Assert.NotEqual(a.Images.ToArray<float>(), b.Images.ToArray<float>());
    }
}
