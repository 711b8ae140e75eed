using Workbench.Nn;
using Workbench.Nn.Models;
using Workbench.Pruning;

namespace Workbench.Tests.Nn;

public class LayerLabelsTests
{
    [Fact]
    public void TheConvNetsLayersAreCountedInForwardOrderAsThePaperCountsThem()
    {
        using var net = ConvNet.Create(1, 28, width: 0.125);
        var labels = LayerLabels.Of(net);
        // The expected paths come from the ConvNet's own enumeration of its convolutions, not from the labeller.
        var convPaths = net.ConvLayers().Select(l => l.Name).ToArray();
        Assert.Equal(["conv1", "conv2", "conv3", "conv4", "conv5", "conv6"], convPaths.Select(p => labels[p]));
        Assert.Equal("features.10", convPaths[3]);
        var linearPaths = net.NamedModules().Where(m => m.Module is Linear).Select(m => m.Name).ToArray();
        Assert.Equal(["fc1", "fc2"], linearPaths.Select(p => labels[p]));
        Assert.Equal("features.1", LayerLabels.Label(net, "features.1")); // a BatchNorm keeps its path
    }

    [Fact]
    public void AResNetKeepsItsPathsWhichNameStageBlockAndLayer()
    {
        using var net = ResNetCifar.Create(20);
        var labels = LayerLabels.Of(net);
        Assert.Equal(20 - 1 + 0, labels.Count - 1); // 19 convolutions and the FC
        Assert.All(labels, kv => Assert.Equal(kv.Key, kv.Value));
    }

    [Fact]
    public void ThePruningReportShowsLabelsWithTheModulePathBesideThem()
    {
        using var net = ConvNet.Create(1, 28, width: 0.125);
        var report = PruningReport.Of(net, net.InputShape);
        Assert.Equal("conv4", report.Layers.Single(l => l.Name == "features.10").Label);
        var html = (string)report.ToMimeBundle()["text/html"];
        Assert.Contains("<th style=\"text-align:left\">module</th>", html);
        Assert.Contains("<td style=\"text-align:left\">conv4</td><td style=\"text-align:left\">features.10</td>", html);
        var text = report.ToString().Split('\n');
        Assert.StartsWith("layer  module", text[0]);
        Assert.Contains(text, line => line.StartsWith("conv4  features.10", StringComparison.Ordinal));
        Assert.Contains("\"label\": \"conv4\"", report.ToJson());

        using var resnet = ResNetCifar.Create(20);
        var resnetHtml = (string)PruningReport.Of(resnet, [3, 32, 32]).ToMimeBundle()["text/html"];
        Assert.DoesNotContain(">module<", resnetHtml); // paths are the labels there: no column says the same twice
    }
}
