using Workbench.Nn;
using Workbench.Torch;

namespace Workbench.Pruning.Criteria;

/// <summary>An importance score per unit (higher = more important); the lowest-scoring units are removed first.</summary>
public interface ICriterion
{
    string Name { get; }

    /// <summary>Scores, flattened in the granularity's unit-shape order.</summary>
    double[] Score(ConvLayer layer, Granularity granularity);
}

/// <summary>Shared by the norm criteria: the masked weight reduced over the granularity's dimensions.</summary>
internal static class WeightNorms
{
    public static double[] Of(ConvLayer layer, Granularity granularity, double p)
    {
        using var scope = DisposeScope.Enter();
        using var noGrad = Autograd.NoGrad();
        var conv = layer.Conv;
        var weight = conv.WeightMask is { } mask ? conv.Weight * mask : conv.Weight.Detach();
        return weight.Norm(p, granularity.ReducedDims).Flatten().To(DType.Float64).ToArray<double>();
    }
}
