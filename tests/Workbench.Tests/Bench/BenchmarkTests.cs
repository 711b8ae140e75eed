using System.Text.Json;
using Workbench.Cli.Bench;
using Workbench.Data;
using Workbench.Nn;
using Workbench.Tests.EndToEnd;
using Workbench.Torch;

namespace Workbench.Tests.Bench;

/// <summary>
/// The benchmarks' behaviour, not their speed: both sides of the PyTorch comparison build the same network,
/// the epoch estimate is the measured time scaled by the steps, and a GPU this process cannot use is refused.
/// </summary>
public class BenchmarkTests
{
    private static string Script => ShippedNotebooks.RepoFile("bench/pytorch_train_step.py");

    [Theory]
    [InlineData("convnet", 0.25, 20)]
    [InlineData("resnet", 1.0, 20)]
    [InlineData("resnet", 1.0, 56)]
    public void ThePyTorchSideTrainsTheSameNetworkAsTheWorkbench(string model, double width, int depth)
    {
        var c = new TrainingBenchmarks.Case(model, width, 3, 32, 8, depth);
        var run = TrainingBenchmarks.PyTorch(c, threads: 1, warmUp: 0, steps: 1, Script, Device.Cpu);
        using var ours = c.Build();
        Assert.Equal(ModelStats.Count(ours, [3, 32, 32]).TotalParameters, run.Parameters);
        Assert.Equal("cpu", run.Device);
        Assert.True(run.Seconds > 0);
    }

    [Fact]
    public void AnEpochEstimateIsTheMeasuredStepsScaledToACifarEpoch()
    {
        var cases = new[] { new TrainingBenchmarks.Case("convnet", 0.125, 3, 32, 128), new TrainingBenchmarks.Case("resnet", 1, 3, 32, 128, Depth: 8) };
        var (markdown, rows) = EpochBenchmarks.TimePerEpoch(cases, 2, Device.Cpu);
        var table = JsonSerializer.SerializeToElement(rows).EnumerateArray().ToList();
        Assert.Equal(2, table.Count);
        Assert.Equal(391, EpochBenchmarks.StepsPerEpoch); // 50,000 images in batches of 128, the last one short
        foreach (var row in table)
        {
            Assert.Equal(2, row.GetProperty("steps").GetInt32());
            var seconds = row.GetProperty("seconds").GetDouble();
            Assert.True(seconds > 0);
            Assert.Equal(seconds * 391 / 2, row.GetProperty("epochSeconds").GetDouble(), 9);
        }
        Assert.Contains("ResNet8 on 3×32×32", markdown);
        Assert.Contains("2 steps measured, scaled to 391", markdown);
    }

    [Fact]
    public void AGpuThatIsNotThereIsRefusedBeforeAnythingRunsOrIsWritten()
    {
        using var folder = new TempFolder();
        var gpu = LibTorch.CudaIsAvailable ? $"cuda:{LibTorch.CudaDeviceCount}" : "cuda";
        var (exit, _, stderr) = CliProcess.Run(TimeSpan.FromMinutes(2), "bench", "--quick", "--device", gpu, "--out", folder.Path);
        Assert.Equal(1, exit);
        Assert.Contains($"device '{gpu}'", stderr);
        Assert.Empty(Directory.GetFiles(folder.Path));
    }
}
