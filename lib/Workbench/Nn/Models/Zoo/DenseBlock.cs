using Workbench.Torch;

namespace Workbench.Nn.Models.Zoo;

/// <summary>torchvision's dense block: layer i reads the block's input and every earlier layer's maps, concatenated; the block returns them all.</summary>
public sealed class DenseBlock : Module
{
    public IReadOnlyList<DenseLayer> Layers { get; }

    public DenseBlock(int layerCount, long inChannels, long growthRate, long bnSize)
    {
        var layers = new List<DenseLayer>();
        for (var i = 0; i < layerCount; i++)
            layers.Add(RegisterModule($"denselayer{i + 1}", new DenseLayer(inChannels + i * growthRate, growthRate, bnSize)));
        Layers = layers;
    }

    protected override Tensor Compute(Tensor input)
    {
        using var scope = DisposeScope.Enter();
        var features = new List<Tensor> { input.Alias() };
        foreach (var layer in Layers) features.Add(layer.Forward(Tensor.Cat(features, 1)));
        return scope.Keep(Tensor.Cat(features, 1));
    }
}
