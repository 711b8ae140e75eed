using Workbench.Torch;

namespace Workbench.Tests;

internal static class TensorTestExtensions
{
    /// <summary>Values as doubles whatever the dtype, for equality checks.</summary>
    public static double[] ToArrayAny(this Tensor t)
    {
        using var d = t.To(DType.Float64);
        return d.ToArray<double>();
    }
}
