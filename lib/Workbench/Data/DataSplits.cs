namespace Workbench.Data;

/// <summary>
/// Training, validation and test sets as every experiment uses them: validation is carved from the
/// training set with a seed (so masks and candidates are chosen on images the network never trained
/// on), the test set is untouched. Owns the three datasets.
/// </summary>
public sealed class DataSplits : IDisposable
{
    /// <summary>The dataset's name as <see cref="Datasets"/> knows it (fashion-mnist, mnist, cifar10), "auto" resolved.</summary>
    public string Dataset { get; }
    public Dataset Train { get; }
    /// <summary>Null when no validation images were asked for.</summary>
    public Dataset? Validation { get; }
    public Dataset Test { get; }

    private DataSplits(string dataset, Dataset train, Dataset? validation, Dataset test) => (Dataset, Train, Validation, Test) = (dataset, train, validation, test);

    /// <param name="dataset">fashion-mnist, mnist, cifar10, or auto (CIFAR-10 when it has been downloaded, else Fashion-MNIST).</param>
    /// <param name="validation">images carved from the training set for validation.</param>
    /// <param name="seed">decides which images are carved out for validation.</param>
    /// <param name="limit">train on the first N remaining training images only (quick runs); null for all.</param>
    public static DataSplits Load(string dataset, int validation, int seed, int? limit = null)
    {
        var name = Datasets.Resolve(dataset);
        using var full = Datasets.Load(name, Split.Train);
        if (validation < 0 || validation >= full.Count)
            throw new ArgumentOutOfRangeException(nameof(validation), validation, $"the validation size must be between 0 and {full.Count - 1} for {full.Name}");
        if (limit is < 1) throw new ArgumentOutOfRangeException(nameof(limit), limit, "the training limit must be positive");
        var (trainIndex, validIndex) = ValidationSplit.Indices(full.Count, validation, seed);
        if (limit is { } n) trainIndex = trainIndex[..Math.Min(n, trainIndex.Length)];
        var test = Datasets.Load(name, Split.Test);
        var train = full.Subset(trainIndex, full.Name);
        var valid = validIndex.Length == 0 ? null : full.Subset(validIndex, $"{full.Name} (validation split)");
        return new DataSplits(name, train, valid, test);
    }

    public void Deconstruct(out Data.Dataset train, out Data.Dataset? validation, out Data.Dataset test) => (train, validation, test) = (Train, Validation, Test);

    public override string ToString() =>
        $"{Train.Name}: {Train.Count} training, {Validation?.Count ?? 0} validation, {Test.Count} test images";

    public void Dispose()
    {
        Train.Dispose();
        Validation?.Dispose();
        Test.Dispose();
    }
}
