namespace Workbench.Data;

/// <summary>
/// Carves a validation set out of a training set, so that model selection (and pruning
/// decisions) never look at the test set. Which images go where depends only on the seed,
/// through System.Random, not on libtorch's global generator, so the split repeats across runs
/// whatever else seeded torch.
/// </summary>
public static class ValidationSplit
{
    /// <summary>
    /// Indices of the remaining training images and of the validation images, each in ascending
    /// order (keeps memory access sequential). Together they are 0..count-1, with no overlap.
    /// </summary>
    public static (long[] Train, long[] Validation) Indices(int count, int validationSize, int seed)
    {
        if (validationSize < 0 || validationSize > count)
            throw new ArgumentOutOfRangeException(nameof(validationSize), validationSize, $"the validation set must hold 0..{count} images");
        var order = new long[count];
        for (int i = 0; i < count; i++) order[i] = i;
        new Random(seed).Shuffle(order);
        var validation = order[..validationSize];
        var train = order[validationSize..];
        Array.Sort(validation);
        Array.Sort(train);
        return (train, validation);
    }

    /// <summary>
    /// The training images not chosen, and <paramref name="validationSize"/> chosen at random.
    /// Both are copies: dispose <paramref name="full"/> afterwards if it is no longer needed.
    /// </summary>
    public static (Dataset Train, Dataset Validation) Carve(Dataset full, int validationSize, int seed)
    {
        var (train, validation) = Indices(full.Count, validationSize, seed);
        var trainSet = full.Subset(train, full.Name);
        try
        {
            return (trainSet, full.Subset(validation, full.Name.Replace("train", "validation", StringComparison.Ordinal)));
        }
        catch
        {
            trainSet.Dispose();
            throw;
        }
    }
}
