using Workbench.Nn;
using Workbench.Pruning.Selection;
using Workbench.Torch;

namespace Workbench.Pruning;

/// <summary>
/// How a choice of units becomes masks on a layer and its consumer: permanently (the removed
/// weights are zeroed and the masks saved with the network), or temporarily while a candidate is
/// evaluated (masks override the stored ones; weights untouched).
/// </summary>
public static class LayerPruner
{
    /// <summary>Applies <paramref name="choice"/> for good.</summary>
    public static void Apply(UnitChoice choice)
    {
        var (layerMask, consumerMask) = choice.Granularity.Masks(choice.Layer, choice.Keep);
        using (layerMask)
        using (consumerMask)
        {
            choice.Layer.Conv.SetWeightMask(layerMask);
            switch (choice.Layer.ConsumerModule)
            {
                case Conv2d next when consumerMask is not null: next.SetWeightMask(consumerMask); break;
                case Linear fc when consumerMask is not null: fc.SetWeightMask(consumerMask); break;
            }
        }
    }

    /// <summary>Computes with <paramref name="choice"/>'s masks until the returned scope is disposed.</summary>
    public static IDisposable Try(UnitChoice choice) => new Trial(choice);

    private sealed class Trial : IDisposable
    {
        private readonly Tensor layerMask;
        private readonly Tensor? consumerMask;
        private readonly ConvLayer layer;

        public Trial(UnitChoice choice)
        {
            layer = choice.Layer;
            (layerMask, consumerMask) = choice.Granularity.Masks(layer, choice.Keep);
            layerMask.DetachFromDisposeScope();
            consumerMask?.DetachFromDisposeScope();
            layer.Conv.MaskOverride = layerMask;
            SetConsumerOverride(consumerMask);
        }

        private void SetConsumerOverride(Tensor? mask)
        {
            switch (layer.ConsumerModule)
            {
                case Conv2d next: next.MaskOverride = mask; break;
                case Linear fc: fc.MaskOverride = mask; break;
            }
        }

        public void Dispose()
        {
            layer.Conv.MaskOverride = null;
            SetConsumerOverride(null);
            layerMask.Dispose();
            consumerMask?.Dispose();
        }
    }
}
