using FsCheck;
using FsCheck.Fluent;
using Workbench.Nn;
using Workbench.Torch;

namespace Workbench.Tests.Graph;

/// <summary>
/// Random networks written as a user writes them in a notebook cell: module subclasses whose forward uses residual
/// additions, concatenations, channel slices, depthwise convolutions and squeeze-and-excitation gates.
/// </summary>
internal static class GraphNetworks
{
    public enum BlockKind { Chain, Residual, Concat, Depthwise, SqueezeExcite, Split, Projection, Gate }

    public sealed record Case(BlockKind[] Blocks, int[] Widths, bool PooledHead, int Seed, double PruneShare)
    {
        public override string ToString() => $"blocks [{string.Join(",", Blocks)}] widths [{string.Join(",", Widths)}] pooled {PooledHead} seed {Seed} share {PruneShare}";
    }

    public static Arbitrary<Case> Cases() =>
        (from count in Gen.Choose(1, 5)
         from blocks in Gen.Elements(Enum.GetValues<BlockKind>()).ArrayOf(count)
         from widths in Gen.Choose(2, 6).ArrayOf(count + 1)
         from pooled in ArbMap.Default.GeneratorFor<bool>()
         from seed in Gen.Choose(0, 10_000)
         from share in Gen.Elements(0.25, 0.5, 0.75)
         select new Case(blocks, widths, pooled, seed, share)).ToArbitrary();

    public const int InChannels = 3;
    public const int Side = 8;

    public static Net Build(Case c)
    {
        LibTorch.ManualSeed((ulong)c.Seed);
        var net = new Net(c);
        Randomize(net);
        return net;
    }

    /// <summary>Non-trivial BatchNorm statistics and shifts, so a leaking shift would show.</summary>
    public static void Randomize(Module net)
    {
        using var noGrad = Autograd.NoGrad();
        foreach (var bn in net.NamedModules().Select(m => m.Module).OfType<BatchNorm2d>())
        {
            using (var r = Tensor.RandN(bn.NumFeatures)) bn.Bias.Copy_(r);
            using (var r = Tensor.Rand(bn.NumFeatures) + 0.5) bn.Weight.Copy_(r);
            using (var r = Tensor.RandN(bn.NumFeatures) * 0.1) bn.RunningMean.Copy_(r);
            using (var r = Tensor.Rand(bn.NumFeatures) + 0.5) bn.RunningVar.Copy_(r);
        }
    }

    /// <summary>The network's output without gradients, in whatever mode it is in.</summary>
    public static Tensor Forward(Module net, Tensor input)
    {
        using var noGrad = Autograd.NoGrad();
        return net.Forward(input);
    }

    public static Tensor Input(int batch = 2)
    {
        LibTorch.ManualSeed(99);
        return Tensor.RandN(batch, InChannels, Side, Side);
    }

    public sealed class Net : Module
    {
        private readonly Sequential body;
        private readonly Sequential head;

        public Net(Case c)
        {
            var stem = new Sequential(new Conv2d(InChannels, c.Widths[0], 3, padding: 1), new BatchNorm2d(c.Widths[0]), new ReLU());
            body = RegisterModule("body", new Sequential(stem));
            long width = c.Widths[0];
            var side = (long)Side;
            for (var i = 0; i < c.Blocks.Length; i++)
            {
                var block = new Block(c.Blocks[i], width, c.Widths[i + 1]);
                body.Add(block);
                width = block.OutChannels;
                if (c.Blocks[i] == BlockKind.Projection) side /= 2;
            }
            head = RegisterModule("head", c.PooledHead
                ? new Sequential(new GlobalAvgPool2d(), new Linear(width, 4), new ReLU(), new Linear(4, 5))
                : new Sequential(new Flatten(), new Linear(width * side * side, 5)));
        }

        protected override Tensor Compute(Tensor input)
        {
            using var features = body.Forward(input);
            return head.Forward(features);
        }
    }

    /// <summary>One block of a random network; its forward is ordinary tensor code.</summary>
    public sealed class Block : Module
    {
        private readonly BlockKind kind;
        private readonly List<Module> parts = [];
        public long OutChannels { get; }

        public Block(BlockKind kind, long width, long next)
        {
            this.kind = kind;
            OutChannels = kind switch
            {
                BlockKind.Chain or BlockKind.Depthwise or BlockKind.Gate => next,
                BlockKind.Concat => next + width,
                BlockKind.Split => width / 2 + (width - width / 2) + next,
                BlockKind.Projection => next,
                _ => width,
            };
            switch (kind)
            {
                case BlockKind.Chain: Add(new Conv2d(width, next, 3, padding: 1), new BatchNorm2d(next)); break;
                case BlockKind.Residual: Add(new Conv2d(width, next, 3, padding: 1, bias: false), new BatchNorm2d(next), new Conv2d(next, width, 1, bias: false), new BatchNorm2d(width)); break;
                case BlockKind.Concat: Add(new Conv2d(width, next, 3, padding: 1), new BatchNorm2d(next), new Conv2d(width, width, 1)); break;
                case BlockKind.Depthwise: Add(new Conv2d(width, width, 3, padding: 1, groups: width), new BatchNorm2d(width), new Conv2d(width, next, 1)); break;
                case BlockKind.SqueezeExcite: Add(new Linear(width, next), new Linear(next, width)); break;
                case BlockKind.Split: Add(new Conv2d(width / 2, width / 2, 3, padding: 1), new Conv2d(width - width / 2, next, 1)); break;
                case BlockKind.Projection: Add(new Conv2d(width, next, 3, stride: 2, padding: 1, bias: false), new BatchNorm2d(next), new Conv2d(width, next, 1, stride: 2, bias: false), new BatchNorm2d(next)); break;
                case BlockKind.Gate: Add(new Conv2d(width, next, 3, padding: 1), new Conv2d(width, next, 1)); break;
            }
        }

        private void Add(params Module[] modules)
        {
            foreach (var m in modules) parts.Add(RegisterModule(parts.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), m));
        }

        protected override Tensor Compute(Tensor x)
        {
            using var scope = DisposeScope.Enter();
            Tensor P(int i, Tensor t) => parts[i].Forward(t);
            var y = kind switch
            {
                BlockKind.Chain => P(1, P(0, x)).Relu(),
                BlockKind.Residual => (x + P(3, P(2, P(1, P(0, x)).Relu()))).Relu(),
                BlockKind.Concat => Tensor.Cat([P(1, P(0, x)).Relu(), P(2, x)], 1),
                BlockKind.Depthwise => P(2, P(1, P(0, x)).Relu()),
                BlockKind.SqueezeExcite => x * P(1, P(0, x.Mean([2, 3])).Relu()).Sigmoid().View(x.Size(0), x.Size(1), 1, 1),
                BlockKind.Split => Split(x),
                BlockKind.Projection => (P(1, P(0, x)) + P(3, P(2, x))).Relu(),
                BlockKind.Gate => P(0, x).Relu() * P(1, x).Sigmoid(),
                _ => throw new InvalidOperationException(),
            };
            return scope.Keep(y);
        }

        private Tensor Split(Tensor x)
        {
            var half = x.Size(1) / 2;
            var a = parts[0].Forward(x.Narrow(1, 0, half));
            var b = parts[1].Forward(x.Slice(1, half, x.Size(1)));
            return Tensor.Cat([a, x.Slice(1, half, x.Size(1)), b], 1);
        }

        public override string Describe() => $"Block({kind}, out={OutChannels})";
    }
}
