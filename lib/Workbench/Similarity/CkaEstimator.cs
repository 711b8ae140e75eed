namespace Workbench.Similarity;

/// <summary>How <see cref="CkaMatrix.Between"/> estimates CKA.</summary>
public enum CkaEstimator
{
    /// <summary>
    /// <see cref="LinearCka"/> on all n images at once: exact for those images, but holds every
    /// layer's features of the n images and one n×n float64 Gram matrix per layer.
    /// </summary>
    Full,

    /// <summary>
    /// <see cref="MinibatchCka"/> over the batches: memory of one batch whatever n, an unbiased
    /// estimate (batches of at least 4 images).
    /// </summary>
    Minibatch,
}
