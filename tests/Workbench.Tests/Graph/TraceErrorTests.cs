using Workbench.Graph;
using Workbench.Nn;
using Workbench.Nn.Models;
using Workbench.Pruning;
using Workbench.Torch;

namespace Workbench.Tests.Graph;

/// <summary>What the graph cannot follow is an error naming it, never a silent pass-through.</summary>
public class TraceErrorTests
{
    /// <summary>A convolution called as a function with the module's own weight: the graph cannot prune that weight.</summary>
    private sealed class FunctionalConv : Module
    {
        private readonly Tensor weight;
        private readonly Linear head;
        public FunctionalConv()
        {
            weight = RegisterParameter("weight", Tensor.RandN(4, 3, 3, 3));
            head = RegisterModule("head", new Linear(4, 2));
        }
        protected override Tensor Compute(Tensor x)
        {
            using var scope = DisposeScope.Enter();
            var y = Functional.Conv2d(x, weight, padding: 1).Mean([2, 3]);
            return scope.Keep(head.Forward(y));
        }
    }

    private sealed class Scaled : Module
    {
        private readonly Conv2d conv;
        private readonly Tensor scale;
        public Scaled()
        {
            conv = RegisterModule("conv", new Conv2d(3, 4, 3, padding: 1));
            scale = RegisterParameter("scale", Tensor.Ones(1, 4, 1, 1));
        }
        protected override Tensor Compute(Tensor x)
        {
            using var y = conv.Forward(x);
            return y * scale;
        }
    }

    private sealed class Permuted : Module
    {
        private readonly Conv2d first = new(3, 4, 1);
        private readonly Conv2d second = new(4, 4, 1);
        public Permuted()
        {
            RegisterModule("first", first);
            RegisterModule("second", second);
        }
        protected override Tensor Compute(Tensor x)
        {
            using var scope = DisposeScope.Enter();
            var y = first.Forward(x).Permute(0, 1, 3, 2);
            return scope.Keep(second.Forward(y));
        }
    }

    private sealed class Unused : Module
    {
        private readonly Conv2d used = new(3, 4, 1);
        public Unused()
        {
            RegisterModule("used", used);
            RegisterModule("auxiliary", new Conv2d(4, 2, 1));
        }
        protected override Tensor Compute(Tensor x) => used.Forward(x);
    }

    [Fact]
    public void AConvolutionCalledAsAFunctionIsRefusedByOperationAndModule()
    {
        using var net = new FunctionalConv();
        using var input = Tensor.RandN(1, 3, 8, 8);
        var e = Assert.Throws<GraphTraceException>(() => DependencyGraph.Trace(net, input));
        Assert.Contains("'conv2d'", e.Message);
        Assert.Contains("(network)", e.Message);
        Assert.Contains("head", e.Message);
    }

    [Fact]
    public void AModulesOwnParameterMultiplyingTracedChannelsIsRefused()
    {
        using var net = new Scaled();
        using var input = Tensor.RandN(1, 3, 8, 8);
        var e = Assert.Throws<GraphTraceException>(() => DependencyGraph.Trace(net, input));
        Assert.Contains("'Mul'", e.Message);
        Assert.Contains("4 channels", e.Message);
    }

    [Fact]
    public void AnOperationTheTapeDoesNotFollowIsNamedWhereItsResultIsUsed()
    {
        using var net = new Permuted();
        using var input = Tensor.RandN(1, 3, 8, 8);
        var e = Assert.Throws<GraphTraceException>(() => DependencyGraph.Trace(net, input));
        Assert.Contains("'permute'", e.Message);
        Assert.Contains("the input of second", e.Message);
    }

    [Fact]
    public void ALayerTheInputNeverRanIsReportedByName()
    {
        using var net = new Unused();
        using var input = Tensor.RandN(1, 3, 8, 8);
        var e = Assert.Throws<GraphTraceException>(() => DependencyGraph.Trace(net, input));
        Assert.Contains("'auxiliary'", e.Message);
        var graph = DependencyGraph.Trace(net, input, allowNotExecuted: true);
        Assert.Equal(["auxiliary"], graph.NotExecuted);
    }

    [Fact]
    public void AWrongInputShapeNamesTheShape()
    {
        using var net = ConvNet.Create(1, 28, 10, 0.125);
        using var input = Tensor.RandN(1, 3, 28, 28);
        var e = Assert.Throws<GraphTraceException>(() => DependencyGraph.Trace(net, input));
        Assert.Contains("[1, 3, 28, 28]", e.Message);
    }

    [Fact]
    public void TracingLeavesModesAndStatisticsAsTheyWere()
    {
        using var net = ConvNet.Create(1, 28, 10, 0.125);
        net.Train();
        net.Classifier.Eval();
        var before = net.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.ToArrayAny());
        using var input = Tensor.RandN(4, 1, 28, 28);
        DependencyGraph.Trace(net, input);
        Assert.True(net.Training);
        Assert.False(net.Classifier.Training);
        Assert.True(net.Features.Training);
        Assert.All(net.StateDict(), kv => Assert.Equal(before[kv.Key], kv.Value.ToArrayAny()));
    }

    [Fact]
    public void MaskingAPinnedUnitIsRefusedWithTheReason()
    {
        using var net = ResNetCifar.Create(20, 3, 16, 10);
        using var input = Tensor.RandN(1, 3, 16, 16);
        var graph = DependencyGraph.Trace(net, input);
        var stream = graph.GroupOf(net.Conv1, ChannelRole.Out)!;
        var e = Assert.Throws<ArgumentException>(() => GroupPruning.Mask([stream.Units[3]]));
        Assert.Contains("pad of channels", e.Message);
    }
}
