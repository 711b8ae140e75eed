namespace Workbench.Torch;

/// <summary>
/// Counts the reads of tensor values into C# made on this thread (Item, ToArray, checkpoint bytes).
/// On a GPU each read waits for all queued work to finish, so a loop that reads once per step keeps
/// the host from running ahead of the device; tests hold the training and search loops to a budget
/// of reads with this count.
/// </summary>
public static class HostReads
{
    [ThreadStatic] private static long count;

    /// <summary>Reads made on the calling thread since it started.</summary>
    public static long Count => count;

    internal static void Record() => count++;
}
