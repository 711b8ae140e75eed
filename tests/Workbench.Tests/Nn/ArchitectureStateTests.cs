using FsCheck;
using FsCheck.Fluent;
using Workbench.Nn;

namespace Workbench.Tests.Nn;

/// <summary>
/// The state layout worked out from an architecture alone is exactly the state the built network has: the
/// loader trusts it to refuse a header before building, so a difference would refuse good files.
/// </summary>
public class ArchitectureStateTests
{
    private static bool SameAsBuilt(Architecture architecture)
    {
        using var built = architecture.Build();
        var expected = built.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.Shape);
        var worked = ArchitectureState.Shapes(architecture)!;
        return worked.Count == expected.Count && worked.All(s => expected.TryGetValue(s.Name, out var shape) && shape.SequenceEqual(s.Shape));
    }

    [Fact]
    public void ConvNetStateFollowsFromItsArchitecture()
    {
        var gen = from channels in Gen.Choose(1, 6).ArrayOf(6)
                  from hidden in Gen.Choose(1, 9)
                  from inChannels in Gen.Choose(1, 3)
                  from side in Gen.Elements(4, 8, 12)
                  from classes in Gen.Choose(1, 12)
                  from batchNorm in Gen.Elements(true, false)
                  from dropout in Gen.Elements(0.0, 0.5)
                  select new ConvNetArchitecture
                  {
                      Channels = channels, Hidden = hidden, InChannels = inChannels, InputSize = side, NumClasses = classes, BatchNorm = batchNorm, Dropout = dropout,
                  };
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(40), Prop.ForAll(gen.ToArbitrary(), a => SameAsBuilt(a)));
    }

    [Fact]
    public void ResNetStateFollowsFromItsArchitecture()
    {
        var gen = from blocks in Gen.Choose(1, 3).ArrayOf(3)
                  from mids in Gen.Choose(1, 20).ArrayOf(9)
                  from inChannels in Gen.Choose(1, 3)
                  from classes in Gen.Choose(1, 12)
                  select new ResNetArchitecture
                  {
                      Depth = 20, InChannels = inChannels, InputSize = 8, NumClasses = classes,
                      Stages = blocks.Select((n, s) => mids.Skip(3 * s).Take(n).ToArray()).ToArray(),
                  };
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(30), Prop.ForAll(gen.ToArbitrary(), a => SameAsBuilt(a)));
    }
}
