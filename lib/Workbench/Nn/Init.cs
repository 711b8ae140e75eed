using Workbench.Torch;

namespace Workbench.Nn;

/// <summary>Weight initialisation as PyTorch does it, drawn from libtorch's seeded generator.</summary>
public static class Init
{
    /// <summary>Uniform on [-bound, bound).</summary>
    public static Tensor Uniform(long[] shape, double bound)
    {
        using var scope = DisposeScope.Enter();
        return scope.Keep((Tensor.Rand(shape) * 2 - 1) * bound);
    }

    /// <summary>
    /// PyTorch's default for Conv2d and Linear: kaiming_uniform_(a=√5), which works out to
    /// U(-1/√fan_in, 1/√fan_in); the bias uses the same bound.
    /// </summary>
    public static Tensor DefaultWeight(long[] shape, long fanIn) => Uniform(shape, 1.0 / Math.Sqrt(fanIn));

    /// <summary>kaiming_normal_ (fan_in, ReLU gain): N(0, 2/fan_in). The CIFAR ResNets use it.</summary>
    public static Tensor KaimingNormal(long[] shape, long fanIn)
    {
        using var scope = DisposeScope.Enter();
        return scope.Keep(Tensor.RandN(shape) * Math.Sqrt(2.0 / fanIn));
    }
}
