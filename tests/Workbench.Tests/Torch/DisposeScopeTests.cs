using Workbench.Torch;

namespace Workbench.Tests.Torch;

[Collection(SerialCollection.Name)]
public class DisposeScopeTests
{
    [Fact]
    public void ScopeFreesEveryTensorCreatedInsideIt()
    {
        var before = LibTorch.LiveTensorCount;
        Tensor a, b;
        using (DisposeScope.Enter())
        {
            a = Tensor.Ones(4, 4);
            b = (a * 2 + 1).Sum();
            Assert.Equal(before + 4, LibTorch.LiveTensorCount); // a, a*2, (a*2)+1, sum
        }
        Assert.True(a.IsDisposed);
        Assert.True(b.IsDisposed);
        Assert.Equal(before, LibTorch.LiveTensorCount);
    }

    [Fact]
    public void KeptTensorMovesToTheEnclosingScope()
    {
        var before = LibTorch.LiveTensorCount;
        Tensor kept;
        using (DisposeScope.Enter())
        {
            using (var inner = DisposeScope.Enter())
            {
                kept = inner.Keep(Tensor.Ones(3) * 5);
                Assert.Equal(0, inner.Count - 1); // only the temporary Ones(3) remains in the inner scope
            }
            Assert.False(kept.IsDisposed);
            Assert.Equal(15f, kept.Sum().Item<float>());
        }
        Assert.True(kept.IsDisposed);
        Assert.Equal(before, LibTorch.LiveTensorCount);
    }

    [Fact]
    public void KeptTensorWithoutOuterScopeBelongsToTheCaller()
    {
        var before = LibTorch.LiveTensorCount;
        Tensor kept;
        using (var scope = DisposeScope.Enter())
            kept = scope.Keep(Tensor.Zeros(2));
        Assert.False(kept.IsDisposed);
        Assert.Equal(before + 1, LibTorch.LiveTensorCount);
        kept.Dispose();
        Assert.Equal(before, LibTorch.LiveTensorCount);
    }

    [Fact]
    public void DetachedTensorSurvivesItsScope()
    {
        Tensor detached;
        using (DisposeScope.Enter())
            detached = Tensor.Zeros(2).DetachFromDisposeScope();
        Assert.False(detached.IsDisposed);
        detached.Dispose();
    }

    [Fact]
    public void ExplicitlyDisposedTensorLeavesItsScope()
    {
        using var scope = DisposeScope.Enter();
        var t = Tensor.Zeros(2);
        Assert.Equal(1, scope.Count);
        t.Dispose();
        Assert.Equal(0, scope.Count);
    }
}
