using FsCheck;
using FsCheck.Fluent;
using Workbench.Nn;
using Workbench.Nn.Models;
using Workbench.Torch;

namespace Workbench.Tests.Nn;

public class ModelTests
{
    // Published figures for CIFAR ResNets on 3×32×32 (He et al. 2016; BRIEF section 3). Parameters are
    // published rounded (0.27M, 0.85M, 1.7M), so they are checked to half their last digit; MACs within 1%.
    [Theory]
    [InlineData(20, 0.27e6, 0.005e6, 40.6e6)]
    [InlineData(56, 0.85e6, 0.005e6, 125.5e6)]
    [InlineData(110, 1.7e6, 0.05e6, 253e6)]
    public void ResNetCountsMatchPublishedFigures(int depth, double parameters, double rounding, double macs)
    {
        using var model = ResNetCifar.Create(depth);
        var stats = ModelStats.Count(model, [3, 32, 32]);
        Assert.InRange(stats.TotalParameters, parameters - rounding, parameters + rounding);
        Assert.InRange(stats.TotalMacs, macs * 0.99, macs * 1.01);
    }

    [Fact]
    public void ConvNetCountsFollowFromItsShapes()
    {
        // Independent arithmetic for width 1 on 3×32×32: six 3×3 convs, FC 256·8·8→256, FC 256→10.
        long[] c = [3, 128, 128, 128, 128, 256, 256];
        long[] side = [32, 32, 16, 16, 8, 8];
        long convMacs = 0, convParams = 0;
        for (int i = 0; i < 6; i++)
        {
            convMacs += c[i] * c[i + 1] * 9 * side[i] * side[i];
            convParams += c[i] * c[i + 1] * 9 + c[i + 1] + 2 * c[i + 1]; // weight, bias, BN affine
        }
        long fcMacs = 256 * 64 * 256 + 256 * 10;
        long fcParams = fcMacs + 256 + 10;
        using var model = ConvNet.Create(3, 32);
        var stats = ModelStats.Count(model, [3, 32, 32]);
        Assert.Equal(convMacs + fcMacs, stats.TotalMacs);
        Assert.Equal(convParams + fcParams, stats.TotalParameters);
        Assert.Equal(8, stats.Layers.Count); // six convs, two linears
    }

    [Fact]
    public void OutputShapesForBothInputSizes()
    {
        using var scope = DisposeScope.Enter();
        using var mnist = ConvNet.Create(1, 28, width: 0.25);
        Assert.Equal([2L, 10], mnist.Forward(Tensor.RandN(2, 1, 28, 28)).Shape);
        using var cifar = ConvNet.Create(3, 32, width: 0.25, batchNorm: false);
        Assert.Equal([2L, 10], cifar.Forward(Tensor.RandN(2, 3, 32, 32)).Shape);
        using var resnet = ResNetCifar.Create(20, inChannels: 1, inputSize: 28);
        Assert.Equal([2L, 10], resnet.Forward(Tensor.RandN(2, 1, 28, 28)).Shape);
        Assert.Equal([2L, 64], resnet.Embed(Tensor.RandN(2, 1, 28, 28)).Shape);
    }

    [Fact]
    public void StateDictKeysArePyTorchs()
    {
        using var convnet = ConvNet.Create(3, 32, width: 0.25);
        var keys = convnet.StateDict().Keys.ToHashSet();
        Assert.Contains("features.0.weight", keys);
        Assert.Contains("features.1.running_var", keys);
        Assert.Contains("features.1.num_batches_tracked", keys);
        Assert.Contains("features.4.weight", keys); // conv, bn, relu, conv-bn-relu, pool: index 3 is conv 2
        Assert.Contains("classifier.1.weight", keys);
        Assert.Contains("classifier.3.bias", keys);

        using var resnet = ResNetCifar.Create(20);
        var r = resnet.StateDict().Keys.ToHashSet();
        foreach (var k in new[] { "conv1.weight", "bn1.bias", "layer1.0.conv1.weight", "layer2.1.bn1.running_mean", "layer3.2.conv2.weight", "linear.weight", "linear.bias" })
            Assert.Contains(k, r);
        Assert.DoesNotContain("conv1.bias", r);
        Assert.Equal(1 + 1 + 9 * 4 + 1, resnet.NamedModules().Count(m => m.Module is Conv2d or BatchNorm2d or Linear));
    }

    [Fact]
    public void ConvLayersNameEachConsumer()
    {
        using var convnet = ConvNet.Create(1, 28, width: 0.25);
        var layers = convnet.ConvLayers();
        Assert.Equal(6, layers.Count);
        Assert.All(layers.Take(5), l => Assert.Equal(ConsumerKind.Conv, l.Consumer));
        Assert.Equal(ConsumerKind.Linear, layers[5].Consumer);
        Assert.Equal("classifier.1", layers[5].ConsumerName);
        Assert.Equal(7 * 7, layers[5].FeaturesPerMap);
        Assert.All(layers, l => Assert.NotNull(l.Norm));
        // Each conv's output maps are the consumer's input channels.
        for (int i = 0; i < 5; i++) Assert.Equal(layers[i].Conv.OutChannels, ((Conv2d)layers[i].ConsumerModule!).InChannels);
        Assert.Equal(layers[5].Conv.OutChannels * 49, ((Linear)layers[5].ConsumerModule!).InFeatures);

        using var resnet = ResNetCifar.Create(20);
        var r = resnet.ConvLayers();
        Assert.Equal(19, r.Count);
        Assert.Equal(ConsumerKind.ResidualAdd, r[0].Consumer);
        Assert.Equal(("layer1.0.conv1", ConsumerKind.Conv, "layer1.0.conv2"), (r[1].Name, r[1].Consumer, r[1].ConsumerName));
        Assert.Equal(ConsumerKind.ResidualAdd, r[2].Consumer);
    }

    [Fact]
    public void ArchitectureRebuildsTheSameShapes()
    {
        var gen = from blocks in Gen.Choose(1, 3).ArrayOf(3)
                  from mid in Gen.Choose(1, 16)
                  select (blocks, mid);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(25), Prop.ForAll(gen.ToArbitrary(), p =>
        {
            var arch = new ResNetArchitecture
            {
                Depth = 20, InChannels = 1, InputSize = 12,
                Stages = p.blocks.Select((n, s) => Enumerable.Repeat(s == 0 ? p.mid : ResNetCifar.StageWidths[s], Math.Max(1, n)).ToArray()).ToArray(),
            };
            var json = arch.ToJson();
            var back = Architecture.FromJson(json);
            using var a = (ResNetCifar)arch.Build();
            using var b = (ResNetCifar)back.Build();
            using var scope = DisposeScope.Enter();
            return back.Equals(arch) && a.Architecture.Equals(arch)
                && a.StateDict().All(kv => kv.Value.Shape.SequenceEqual(b.StateDict()[kv.Key].Shape))
                && a.Forward(Tensor.RandN(2, 1, 12, 12)).Shape.SequenceEqual([2L, 10]);
        }));
    }

    [Fact]
    public void BadArchitecturesAreRejectedWithTheirReason()
    {
        Assert.Contains("6n+2", Assert.Throws<ArgumentException>(() => ResNetCifar.Create(21)).Message);
        Assert.Contains("divisible by 4", Assert.Throws<ArgumentException>(() => ConvNet.Create(1, 30)).Message);
        Assert.Contains("architecture", Assert.Throws<ArgumentException>(() => Architecture.FromJson("{\"model\":\"mlp\"}")).Message);
    }

    [Fact]
    public void LoadStateDictCopiesValuesAndNamesMismatches()
    {
        using var a = ConvNet.Create(1, 28, width: 0.125);
        using var b = ConvNet.Create(1, 28, width: 0.125);
        b.LoadStateDict(a.StateDict());
        Assert.All(a.StateDict(), kv => Assert.Equal(kv.Value.Detach().ToArrayAny(), b.StateDict()[kv.Key].Detach().ToArrayAny()));

        using var wider = ConvNet.Create(1, 28, width: 0.25);
        var e = Assert.Throws<ArgumentException>(() => wider.LoadStateDict(a.StateDict()));
        Assert.Contains("features.0.weight", e.Message);
    }
}
