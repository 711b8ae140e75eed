using Workbench.Data;
using Workbench.Nn.Models;
using Workbench.Similarity;
using Workbench.Torch;

namespace Workbench.Pruning.Residual;

/// <summary>How much removing each block would change the network: lower scores are removed first.</summary>
public static class BlockScores
{
    /// <summary>
    /// Pons et al. 2024: 1 − CKA between the parent's penultimate features and those of the network
    /// without the block, on held-out images. A block whose removal leaves the representation as it
    /// was scores near 0. A caller that already holds the parent's features on these images passes them
    /// as <paramref name="parentFeatures"/> rather than have them computed again.
    /// </summary>
    public static IReadOnlyDictionary<string, double> ByCka(ResNetCifar network, Dataset images, Normalization? normalization,
        int minimumPerStage = 2, int limit = 500, int batchSize = 250, Tensor? parentFeatures = null)
    {
        using var scope = DisposeScope.Enter();
        var parent = parentFeatures ?? FeatureCapture.Penultimate(network, images, normalization, limit, batchSize);
        var scores = new Dictionary<string, double>();
        foreach (var block in BlockRemoval.Removable(network, minimumPerStage))
        {
            Interrupt.ThrowIfRequested();
            using var child = BlockRemoval.Remove(network, block, minimumPerStage);
            using var features = FeatureCapture.Penultimate(child, images, normalization, limit, batchSize);
            scores[block] = 1 - LinearCka.Compute(parent, features);
        }
        return scores;
    }

    /// <summary>The cheap alternative: the L1 norm of the block's weights, averaged per weight.</summary>
    public static IReadOnlyDictionary<string, double> ByL1(ResNetCifar network, int minimumPerStage = 2)
    {
        var removable = BlockRemoval.Removable(network, minimumPerStage).ToHashSet();
        return network.Blocks().Where(b => removable.Contains(b.Name)).ToDictionary(b => b.Name, b =>
        {
            using var scope = DisposeScope.Enter();
            var total = b.Block.Conv1.Weight.Detach().Abs().Sum().Item<float>() + b.Block.Conv2.Weight.Detach().Abs().Sum().Item<float>();
            return (double)total / (b.Block.Conv1.Weight.NumEl + b.Block.Conv2.Weight.NumEl);
        });
    }
}
