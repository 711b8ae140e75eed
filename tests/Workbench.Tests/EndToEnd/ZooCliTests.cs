namespace Workbench.Tests.EndToEnd;

/// <summary>The CLI trains a zoo network by its torchvision name, and evaluates the checkpoint it wrote.</summary>
public sealed class ZooCliTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void TrainTheSmallDenseNetThenEvalItsCheckpoint()
    {
        // The DenseNet, whose stored architecture carries the most (its growth rate and blocks); it also evaluates the
        // 10,000 test images fastest on a busy machine.
        var checkpoint = folder["densenet.safetensors"];
        var (exit, stdout, stderr) = CliProcess.Run(Timeout, "train", "--model", "densenet_small", "--limit", "64", "--validation", "64", "--batch", "32", "--epochs", "1", "--out", checkpoint);
        Assert.True(exit == 0, $"{stdout}\n{stderr}");
        (exit, stdout, stderr) = CliProcess.Run(Timeout, "eval", checkpoint);
        Assert.True(exit == 0, $"{stdout}\n{stderr}");
        Assert.Matches(@"densenet\.safetensors on .*accuracy", stdout);
    }

    [Fact]
    public void VggOnImagesSmallerThanItsFivePoolsIsRefusedByName()
    {
        var (exit, stdout, stderr) = CliProcess.Run(Timeout, "train", "--model", "vgg11_bn", "--limit", "64", "--epochs", "1", "--out", folder["vgg.safetensors"]);
        Assert.NotEqual(0, exit);
        Assert.Contains("vgg11_bn: inputSize (the image side) is 28, expected 32 to 1024", stderr);
        Assert.DoesNotContain("\n   at ", stdout + stderr);
        Assert.Empty(folder.FileNames());
    }
}
