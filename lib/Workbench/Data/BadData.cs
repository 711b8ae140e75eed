namespace Workbench.Data;

/// <summary>
/// Builds the error for a data file that cannot be read. Every such message starts with the
/// file's path, so a user with several files (train, test, labels, five CIFAR batches) knows
/// which one to fetch again.
/// </summary>
internal static class BadData
{
    public static InvalidDataException In(string path, string what, Exception? inner = null) =>
        new($"{path}: {what}", inner);

    /// <summary>A label outside the class range would only fail much later, inside a loss; catch it at load.</summary>
    public static void CheckLabels(string path, byte[] labels, int classCount)
    {
        for (int i = 0; i < labels.Length; i++)
            if (labels[i] >= classCount)
                throw In(path, $"label {labels[i]} at index {i} is outside 0..{classCount - 1}");
    }
}
