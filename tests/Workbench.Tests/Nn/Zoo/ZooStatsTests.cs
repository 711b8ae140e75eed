using Workbench.Nn;
using Workbench.Nn.Models.Zoo;
using Workbench.Pruning;
using Workbench.Tests.EndToEnd;

namespace Workbench.Tests.Nn.Zoo;

/// <summary>
/// The counts torchvision's model documentation publishes for ImageNet (3×224×224, 1000 classes): parameters exactly,
/// MACs (conv and linear layers) to the published precision. MobileNetV2's depthwise convolutions are where a count that
/// ignored groups would be 32× to 960× too high.
/// </summary>
public sealed class ZooStatsTests
{
    [Theory]
    [InlineData("resnet18", 11_689_512, 1.81e9, 1.83e9)]
    [InlineData("resnet34", 21_797_672, 3.6e9, 3.7e9)]
    [InlineData("vgg16_bn", 138_365_992, 15.4e9, 15.6e9)]
    [InlineData("mobilenet_v2", 3_504_872, 0.30e9, 0.32e9)]
    public void CountsAreTheOnesTorchvisionPublishes(string name, long parameters, double minMacs, double maxMacs)
    {
        using var net = ZooNetworks.Build(ZooNetworks.Architecture(name, 3, 224, 1000));
        var stats = ModelStats.Count(net, net.InputShape);
        Assert.Equal(parameters, stats.TotalParameters);
        Assert.InRange(stats.TotalMacs, minMacs, maxMacs);
    }

    [Fact]
    public void ADepthwiseConvolutionCountsOneInputMapPerFilter()
    {
        using var net = ZooNetworks.Build(ZooNetworks.Architecture("mobilenet_v2", 3, 224, 1000));
        var stats = ModelStats.Count(net, net.InputShape);
        // features.1.conv.0.0: 32 depthwise 3×3 filters on 112×112, one input map each.
        var depthwise = stats.Layers.Single(l => l.Name == "features.1.conv.0.0");
        Assert.Equal(32L * 9 * 112 * 112, depthwise.Macs);
        Assert.Equal(32L * 9, depthwise.Parameters);
    }

    [Fact]
    public void TheStatsCommandPrintsResNet18sPublishedCount()
    {
        var (exit, stdout, stderr) = CliProcess.Run(TimeSpan.FromMinutes(2), "stats", "--model", "resnet18", "--size", "224", "--classes", "1000");
        Assert.True(exit == 0, $"{stdout}\n{stderr}");
        Assert.Contains("11,689,512 parameters", stdout);
        Assert.Matches(@"1,81\d,\d{3},\d{3} MACs", stdout);
    }
}
