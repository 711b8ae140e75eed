using Workbench.Data;

namespace Workbench.Cli;

/// <summary>The library's data splits, with errors in the words of the CLI's options.</summary>
internal static class Splits
{
    public static (Dataset Train, Dataset? Validation, Dataset Test) Load(string dataset, int validationSize, int seed, int? limit)
    {
        if (limit is < 1) throw new ArgumentException($"--limit must be positive, got {limit}");
        try
        {
            var (train, valid, test) = DataSplits.Load(dataset, validationSize, seed, limit);
            return (train, valid, test);
        }
        catch (ArgumentOutOfRangeException e) when (e.ParamName == "validation")
        {
            throw new ArgumentException($"--validation {validationSize}: {e.Message.Split(" (Parameter")[0]}");
        }
    }
}
