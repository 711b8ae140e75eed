using Workbench.Data;

namespace Workbench.Cli;

/// <summary>Training, validation and test sets as the CLI uses them: validation is carved from training, test is untouched.</summary>
internal static class Splits
{
    public static (Dataset Train, Dataset? Validation, Dataset Test) Load(string dataset, int validationSize, int seed, int? limit)
    {
        using var full = Datasets.Load(dataset, Split.Train);
        var test = Datasets.Load(dataset, Split.Test);
        if (validationSize < 0 || validationSize >= full.Count)
            throw new ArgumentException($"--validation {validationSize} must be between 0 and {full.Count - 1} for {full.Name}");
        var (trainIndex, validIndex) = ValidationSplit.Indices(full.Count, validationSize, seed);
        if (limit is { } n)
        {
            if (n < 1) throw new ArgumentException($"--limit must be positive, got {n}");
            trainIndex = trainIndex[..Math.Min(n, trainIndex.Length)];
        }
        var train = full.Subset(trainIndex, full.Name);
        var valid = validIndex.Length == 0 ? null : full.Subset(validIndex, $"{full.Name} (validation split)");
        return (train, valid, test);
    }
}
