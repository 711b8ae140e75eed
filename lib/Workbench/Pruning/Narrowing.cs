namespace Workbench.Pruning;

/// <summary>
/// One cut compaction made: removing <paramref name="Removed"/> maps of <paramref name="Layer"/> kept only the
/// slices <paramref name="Kept"/> (in the tensor's own numbering) of the state entry <paramref name="Entry"/> along
/// <paramref name="Dim"/>. Each entry is cut at most once per dimension, so the cuts of one entry can be undone in any order.
/// </summary>
public sealed record Narrowing(string Layer, string Entry, long Dim, long[] Kept, int Removed);
