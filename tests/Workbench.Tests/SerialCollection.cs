namespace Workbench.Tests;

/// <summary>
/// Tests that read process-wide state (live native tensors, resident memory, thread count, the
/// global random generator that seeded runs must have to themselves)
/// run alone, after the parallel tests, so other tests cannot disturb what they measure.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "serial";
}
