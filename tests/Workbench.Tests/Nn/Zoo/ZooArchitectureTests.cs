using Workbench.Nn;
using Workbench.Nn.Models;
using Workbench.Nn.Models.Zoo;
using Workbench.Torch;

namespace Workbench.Tests.Nn.Zoo;

/// <summary>What a checkpoint stores of a zoo network, and what it refuses: its header is untrusted input.</summary>
public sealed class ZooArchitectureTests
{
    // Building is left to the torchvision comparison (which rebuilds each network from its checkpoint's architecture in
    // Python) and the CLI test (eval rebuilds it here): building VGG's 100-million-weight classifier costs seconds.
    [Theory]
    [MemberData(nameof(ZooFixtures.Names), MemberType = typeof(ZooFixtures))]
    public void TheStoredArchitectureReadsBackEqual(string name)
    {
        var architecture = ZooFixtures.Architecture(name);
        var read = Architecture.FromJson(architecture.ToJson());
        Assert.Equal(architecture, read);
        Assert.NotEqual(architecture with { NumClasses = 8 }, read);
        if (architecture.DenseNet is { } d) Assert.NotEqual(architecture with { DenseNet = d with { BlockConfig = [2, 4] } }, read);
    }

    [Theory]
    [InlineData("vgg11_bn")] // vgg16_bn is the same class with more layers, and seconds slower to build
    [InlineData("resnet18")]
    [InlineData("resnet34")]
    [InlineData("mobilenet_v2")]
    [InlineData("densenet_small")]
    public void ByNameTheFirstConvTakesTheDatasetsChannelsAndTheClassifierGivesItsClasses(string name)
    {
        using var net = Networks.Create(name, channels: 1, inputSize: 32, classes: 5);
        var first = net.NamedModules().Select(m => m.Module).OfType<Conv2d>().First();
        Assert.Equal(1, first.InChannels);
        using var input = Tensor.RandN(2, 1, 32, 32);
        net.Eval();
        using var noGrad = Autograd.NoGrad();
        using var output = net.Forward(input);
        Assert.Equal([2L, 5], output.Shape);
    }

    [Theory]
    [InlineData("""{"model":"zoo","network":"resnet1000","inChannels":3,"inputSize":32,"numClasses":10}""", "unknown zoo network 'resnet1000'")]
    [InlineData("""{"model":"zoo","network":"resnet18","inChannels":3,"inputSize":32,"numClasses":2000000000}""", "resnet18: numClasses is 2000000000")]
    [InlineData("""{"model":"zoo","network":"resnet18","inChannels":100000,"inputSize":32,"numClasses":10}""", "resnet18: inChannels is 100000")]
    [InlineData("""{"model":"zoo","network":"vgg16_bn","inChannels":3,"inputSize":28,"numClasses":10}""", "vgg16_bn: inputSize (the image side) is 28, expected 32 to 1024")]
    [InlineData("""{"model":"zoo","network":"mobilenet_v2","inChannels":3,"inputSize":0,"numClasses":10}""", "inputSize (the image side) is 0")]
    [InlineData("""{"model":"zoo","network":"densenet_small","inChannels":3,"inputSize":32,"numClasses":10}""", "a DenseNet config is required")]
    [InlineData("""{"model":"zoo","network":"resnet18","inChannels":3,"inputSize":32,"numClasses":10,"denseNet":{}}""", "a DenseNet config is required")]
    [InlineData("""{"model":"zoo","network":"densenet_small","inChannels":3,"inputSize":32,"numClasses":10,"denseNet":{"growthRate":100000}}""", "denseNet.growthRate is 100000")]
    [InlineData("""{"model":"zoo","network":"densenet_small","inChannels":3,"inputSize":32,"numClasses":10,"denseNet":{"blockConfig":[4,4,4,4,4,4,4,4]}}""", "denseNet.blockConfig length is 8")]
    [InlineData("""{"model":"zoo","network":"densenet_small","inChannels":3,"inputSize":32,"numClasses":10,"denseNet":{"blockConfig":null}}""", "denseNet.blockConfig length is 0")]
    [InlineData("""{"model":"zoo","network":"densenet_small","inChannels":3,"inputSize":32,"numClasses":10,"denseNet":{"blockConfig":[3,100000]}}""", "denseNet.blockConfig entry is 100000")]
    [InlineData("""{"model":"zoo","network":"densenet_small","inChannels":3,"inputSize":32,"numClasses":10,"denseNet":{"initFeatures":-1}}""", "denseNet.initFeatures is -1")]
    [InlineData("""{"model":"zoo","network":"densenet_small","inChannels":3,"inputSize":8,"numClasses":10,"denseNet":{"blockConfig":[1,1,1]}}""", "inputSize (the image side) is 8, expected 16")]
    public void ACraftedHeaderIsRefusedBeforeAnythingIsAllocated(string json, string message)
    {
        var architecture = Architecture.FromJson(json);
        var error = Assert.Throws<ArgumentException>(architecture.Build);
        Assert.Contains(message, error.Message);
    }
}
