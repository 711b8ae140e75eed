namespace Workbench.Graph;

/// <summary>The channels of one traced tensor (dimension 1): <see cref="Size"/> elements from <see cref="First"/> in the union.</summary>
public sealed record ChannelSpace(int Id, long Size, int First, string Origin);

/// <summary>How a layer holds the channels of a space.</summary>
public enum ChannelRole
{
    /// <summary>It produces them: removing one removes an output filter (a conv's or linear's row).</summary>
    Out,
    /// <summary>It reads them: removing one removes an input column of every filter.</summary>
    In,
    /// <summary>It maps each to itself (BatchNorm, a depthwise conv): removing one removes its per-channel state.</summary>
    Through,
}
