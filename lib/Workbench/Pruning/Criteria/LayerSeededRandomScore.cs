using Workbench.Nn;
using Workbench.Pruning.Selection;

namespace Workbench.Pruning.Criteria;

/// <summary>
/// A single random mask per layer, drawn from a seed of its own (run seed, layer, granularity) rather
/// than from one generator shared by all layers: a layer's mask does not depend on which layers were
/// scored before it, so a resumed run and a sensitivity curve's ratios draw what an uninterrupted run draws.
/// </summary>
public sealed class LayerSeededRandomScore(int seed) : ICriterion
{
    public string Name => "random";

    public double[] Score(ConvLayer layer, Granularity granularity) =>
        new RandomScore(StableSeed.Of(seed, layer.Name, granularity.Name)).Score(layer, granularity);
}
