using Workbench.Data;
using Workbench.Nn;
using Workbench.Similarity;
using Workbench.Torch;

namespace Workbench.Pruning.Criteria;

/// <summary>
/// Luo and Wu 2020 (the criterion do Nascimento et al. prune filters by): how far the network's predictions move
/// when one output map is silenced, as KL(p_original ‖ p_silenced) of the softmax outputs, averaged over
/// <paramref name="images"/>. Silencing map j zeroes the filter (and its bias) and its BatchNorm's scale and shift,
/// so nothing of the map reaches the layers after it. Scores only feature maps, of layers of
/// <paramref name="network"/> itself; the network is measured in eval mode and left bit for bit as it was.
/// </summary>
public sealed class OutputKlDivergence(Module network, Dataset images, Normalization? normalization, int batchSize = 250) : ICriterion
{
    public string Name => "KL";

    public double[] Score(ConvLayer layer, Granularity granularity)
    {
        if (granularity is not FeatureMapGranularity)
            throw new ArgumentException($"the KL criterion scores feature maps (whole filters), not {granularity.Name} units", nameof(granularity));
        if (images.Count == 0) throw new ArgumentException("the KL criterion needs at least one image to compare outputs on", nameof(images));
        using var mode = new InferenceMode(network);
        using var scope = DisposeScope.Enter();
        var batches = InputBatches.Ranges(images.Count, batchSize).Select(r => InputBatches.Images(images, r, network.Device, normalization)).ToList();
        var original = batches.Select(b => Functional.LogSoftmax(network.Forward(b), 1)).ToList();
        // The parameters a map lives in: silencing it zeroes its row of each.
        var rows = new[] { layer.Conv.Weight, layer.Conv.Bias, layer.Norm?.Weight, layer.Norm?.Bias }.OfType<Tensor>().ToList();
        var totals = new List<Tensor>();
        for (long map = 0; map < layer.Conv.OutChannels; map++)
        {
            Interrupt.ThrowIfRequested();
            using var mapScope = DisposeScope.Enter();
            var saved = rows.Select(r => r.Narrow(0, map, 1).Clone()).ToList();
            foreach (var r in rows) r.Narrow(0, map, 1).Zero_();
            try
            {
                var total = Tensor.Zeros([], DType.Float64, network.Device);
                for (int b = 0; b < batches.Count; b++)
                {
                    var silenced = Functional.LogSoftmax(network.Forward(batches[b]), 1);
                    total.Add_((original[b].Exp() * (original[b] - silenced)).Sum().To(DType.Float64));
                }
                totals.Add(mapScope.Keep(total));
            }
            finally
            {
                for (int i = 0; i < rows.Count; i++) rows[i].Narrow(0, map, 1).Copy_(saved[i]);
            }
        }
        // One read from the device for the whole layer.
        return Tensor.Stack(totals).ToArray<double>().Select(t => t / images.Count).ToArray();
    }
}
