using Workbench.Graph;
using Workbench.Torch;

namespace Workbench.Nn.Models;

/// <summary>
/// The coarse-pruning paper's CIFAR-10 network (Anwar and Sung):
/// (2×128C3)−MP2−(2×128C3)−MP2−(2×256C3)−256FC−10, with optional BatchNorm after every conv and
/// a width multiplier. Layers are named as a PyTorch nn.Sequential would name them
/// (<c>features.0.weight</c>, <c>classifier.1.weight</c>), so state dicts match PyTorch's.
/// </summary>
public sealed class ConvNet : Module, IConvNetwork
{
    public Sequential Features { get; }
    public Sequential Classifier { get; }
    /// <summary>The architecture as the network is now: compaction narrows layers in place.</summary>
    public Architecture Architecture => architecture with
    {
        Channels = Features.Layers.OfType<Conv2d>().Select(c => (int)c.OutChannels).ToArray(),
        Hidden = (int)Classifier.Layers.OfType<Linear>().First().OutFeatures,
    };
    public long[] InputShape => [architecture.InChannels, architecture.InputSize, architecture.InputSize];

    private readonly ConvNetArchitecture architecture;

    /// <summary>The paper's network scaled by <paramref name="width"/> (every layer's width, rounded, at least 1).</summary>
    public static ConvNet Create(int inChannels, int inputSize, int numClasses = 10, double width = 1.0, bool batchNorm = true, double dropout = 0)
    {
        if (width <= 0) throw new ArgumentOutOfRangeException(nameof(width), width, "width multiplier must be positive");
        int Scale(int c) => Math.Max(1, (int)Math.Round(c * width));
        return new ConvNet(new ConvNetArchitecture
        {
            InChannels = inChannels, InputSize = inputSize, NumClasses = numClasses, BatchNorm = batchNorm, Dropout = dropout,
            Channels = [Scale(128), Scale(128), Scale(128), Scale(128), Scale(256), Scale(256)],
            Hidden = Scale(256),
        });
    }

    public ConvNet(ConvNetArchitecture architecture)
    {
        if (architecture.Channels.Length != 6) throw new ArgumentException($"ConvNet needs 6 conv widths, got {architecture.Channels.Length}");
        if (architecture.InputSize % 4 != 0) throw new ArgumentException($"ConvNet input size {architecture.InputSize} must be divisible by 4 (two 2×2 pools)");
        this.architecture = architecture;
        Features = RegisterModule("features", new Sequential());
        long inChannels = architecture.InChannels;
        for (int i = 0; i < 6; i++)
        {
            Features.Add(new Conv2d(inChannels, architecture.Channels[i], 3, padding: 1));
            if (architecture.BatchNorm) Features.Add(new BatchNorm2d(architecture.Channels[i]));
            Features.Add(new ReLU());
            if (i is 1 or 3) Features.Add(new MaxPool2d(2));
            inChannels = architecture.Channels[i];
        }
        var side = architecture.InputSize / 4;
        Classifier = RegisterModule("classifier", new Sequential(new Flatten()));
        if (architecture.Dropout > 0) Classifier.Add(new Dropout(architecture.Dropout));
        Classifier.Add(new Linear(inChannels * side * side, architecture.Hidden));
        Classifier.Add(new ReLU());
        if (architecture.Dropout > 0) Classifier.Add(new Dropout(architecture.Dropout));
        Classifier.Add(new Linear(architecture.Hidden, architecture.NumClasses));
    }

    protected override Tensor Compute(Tensor input)
    {
        using var features = Features.Forward(input);
        return Classifier.Forward(features);
    }

    /// <summary>Runs the feature layers before <paramref name="layer"/>: the activations entering it.</summary>
    public Tensor ForwardUntil(ConvLayer layer, Tensor input)
    {
        var x = input.Alias();
        for (int i = 0; i < FeatureIndex(layer); i++)
        {
            var next = Features[i].Forward(x);
            x.Dispose();
            x = next;
        }
        return x;
    }

    /// <summary>Runs the network from <paramref name="layer"/> on, given the activations entering it.</summary>
    public Tensor ForwardFrom(ConvLayer layer, Tensor activations)
    {
        var x = activations.Alias();
        for (int i = FeatureIndex(layer); i < Features.Count; i++)
        {
            var next = Features[i].Forward(x);
            x.Dispose();
            x = next;
        }
        using (x) return Classifier.Forward(x);
    }

    private int FeatureIndex(ConvLayer layer)
    {
        var index = Features.Layers.ToList().FindIndex(m => ReferenceEquals(m, layer.Conv));
        return index >= 0 ? index : throw new ArgumentException($"'{layer.Name}' is not a layer of this ConvNet", nameof(layer));
    }

    /// <summary>Traced from the network as it is now, so a compacted or pruned network lists what it has.</summary>
    public IReadOnlyList<ConvLayer> ConvLayers() => DependencyGraph.Of(this).ConvLayers();

    public override string Describe()
    {
        var now = (ConvNetArchitecture)Architecture;
        return $"ConvNet(channels=[{string.Join(", ", now.Channels)}], hidden={now.Hidden}, bn={now.BatchNorm})";
    }
}
