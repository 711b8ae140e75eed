using Workbench.Graph;
using Workbench.Torch;

namespace Workbench.Nn.Models;

/// <summary>
/// The CIFAR ResNets of He et al. 2016 (depth 6n+2: 20, 32, 56, 110): a 3×3 conv with 16 maps,
/// three stages of n basic blocks with 16, 32 and 64 maps (option-A shortcuts), global average
/// pooling and a linear classifier. Names follow the common PyTorch implementation
/// (<c>conv1</c>, <c>bn1</c>, <c>layer2.1.bn1.running_mean</c>, <c>linear</c>).
/// Stages may hold different block counts and blocks narrower middles once pruned.
/// </summary>
public sealed class ResNetCifar : Module, IConvNetwork
{
    public static readonly int[] StageWidths = [16, 32, 64];

    public Conv2d Conv1 { get; }
    public BatchNorm2d Bn1 { get; }
    public IReadOnlyList<Sequential> Stages { get; }
    public Linear Classifier { get; }
    public Architecture Architecture => Describe(architecture);
    public long[] InputShape => [architecture.InChannels, architecture.InputSize, architecture.InputSize];

    private readonly ResNetArchitecture architecture;

    public static ResNetCifar Create(int depth, int inChannels = 3, int inputSize = 32, int numClasses = 10)
    {
        if (depth < 8 || (depth - 2) % 6 != 0) throw new ArgumentException($"CIFAR ResNet depth must be 6n+2 with n ≥ 1 (20, 32, 56, 110); got {depth}", nameof(depth));
        var n = (depth - 2) / 6;
        return new ResNetCifar(new ResNetArchitecture
        {
            Depth = depth, InChannels = inChannels, InputSize = inputSize, NumClasses = numClasses,
            Stages = StageWidths.Select(w => Enumerable.Repeat(w, n).ToArray()).ToArray(),
        });
    }

    public ResNetCifar(ResNetArchitecture architecture)
    {
        if (architecture.Stages.Length != 3 || architecture.Stages.Any(s => s.Length == 0))
            throw new ArgumentException("a CIFAR ResNet has three stages of at least one block each");
        this.architecture = architecture;
        Conv1 = RegisterModule("conv1", new Conv2d(architecture.InChannels, 16, 3, 1, 1, bias: false));
        Bn1 = RegisterModule("bn1", new BatchNorm2d(16));
        var stages = new List<Sequential>();
        long inChannels = 16;
        for (int s = 0; s < 3; s++)
        {
            var stage = new Sequential();
            for (int b = 0; b < architecture.Stages[s].Length; b++)
            {
                var stride = s > 0 && b == 0 ? 2 : 1;
                stage.Add(new BasicBlock(inChannels, StageWidths[s], stride, architecture.Stages[s][b]));
                inChannels = StageWidths[s];
            }
            stages.Add(RegisterModule($"layer{s + 1}", stage));
        }
        Stages = stages;
        Classifier = RegisterModule("linear", new Linear(64, architecture.NumClasses));
        using (Autograd.NoGrad())
        {
            using (var w = Init.KaimingNormal(Conv1.Weight.Shape, architecture.InChannels * 9)) Conv1.Weight.Copy_(w);
            using (var w = Init.KaimingNormal(Classifier.Weight.Shape, 64)) Classifier.Weight.Copy_(w);
        }
    }

    /// <summary>The penultimate features: globally pooled 64-channel maps, [N, 64].</summary>
    public Tensor Embed(Tensor input)
    {
        using var scope = DisposeScope.Enter();
        var x = Bn1.Forward(Conv1.Forward(input)).Relu();
        foreach (var stage in Stages) x = stage.Forward(x);
        return scope.Keep(Functional.AdaptiveAvgPool2d(x, 1, 1).Flatten(1));
    }

    protected override Tensor Compute(Tensor input)
    {
        using var features = Embed(input);
        return Classifier.Forward(features);
    }

    public IEnumerable<(string Name, BasicBlock Block)> Blocks() =>
        Stages.SelectMany((stage, s) => stage.Layers.Select((b, i) => ($"layer{s + 1}.{i}", (BasicBlock)b)));

    /// <summary>Traced from the network as it is now, so removed blocks and narrowed middles are what it lists.</summary>
    public IReadOnlyList<ConvLayer> ConvLayers() => DependencyGraph.Of(this).ConvLayers();

    // The architecture as the network is now, so blocks pruned in place are recorded.
    private ResNetArchitecture Describe(ResNetArchitecture built) => built with
    {
        Stages = Stages.Select(stage => stage.Layers.Cast<BasicBlock>().Select(b => (int)b.MidChannels).ToArray()).ToArray(),
    };

    public override string Describe() =>
        $"ResNetCifar(depth={architecture.Depth}, blocks=[{string.Join(", ", Stages.Select(s => s.Count))}])";
}
