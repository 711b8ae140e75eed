using Workbench.Torch;

namespace Workbench.Tests.Torch;

internal static class HostReadCount
{
    /// <summary>The reads into C# that <paramref name="run"/> made on this thread.</summary>
    public static long During(Action run)
    {
        var before = HostReads.Count;
        run();
        return HostReads.Count - before;
    }
}
