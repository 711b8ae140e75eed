namespace Workbench.Graph;

/// <summary>
/// What the tracer knows of one tensor made during the trace: its shape, and either its channels or the
/// operation it cannot follow that made it (<see cref="Unknown"/>, with the module it ran in).
/// </summary>
internal sealed class TracedValue(long[] shape)
{
    public long[] Shape { get; } = shape;

    /// <summary>Null for a tensor without a channel dimension (rank below 2) or one not followed.</summary>
    public ChannelSpace? Space { get; set; }

    public string? Unknown { get; set; }
    public string? UnknownModule { get; set; }

    public bool Followed => Unknown is null;

    /// <summary>The extent of dimension 1 once broadcast against a result of rank <paramref name="rank"/> (null when it has none there).</summary>
    public long? ChannelExtent(int rank)
    {
        var dim = 1 - (rank - Shape.Length);
        return dim >= 0 && dim < Shape.Length ? Shape[dim] : null;
    }
}
