namespace Workbench.Torch;

/// <summary>
/// One entry of a tensor indexer: an integer (selects and drops the dimension), a C# range
/// (slices, <c>..</c> for all), or a stepped slice. <c>t[.., 0]</c> is PyTorch's <c>t[:, 0]</c>.
/// </summary>
public readonly struct TensorIndex
{
    private readonly long? single;
    private readonly Range range;
    private readonly long step;

    private TensorIndex(long? single, Range range, long step)
    {
        this.single = single;
        this.range = range;
        this.step = step;
    }

    public static TensorIndex Slice(Index start, Index end, long step = 1)
    {
        if (step < 1) throw new ArgumentOutOfRangeException(nameof(step), step, "slice step must be positive");
        return new(null, new Range(start, end), step);
    }

    public static readonly TensorIndex All = new(null, Range.All, 1);

    public static implicit operator TensorIndex(long i) => new(i, default, 1);
    public static implicit operator TensorIndex(int i) => new(i, default, 1);
    public static implicit operator TensorIndex(Range r) => new(null, r, 1);

    internal Tensor Apply(Tensor t, int dim, out bool dropsDim)
    {
        var size = t.Size(dim);
        if (single is long i)
        {
            dropsDim = true;
            if (i < -size || i >= size) throw new IndexOutOfRangeException($"index {i} is out of range for dimension {dim} of size {size}");
            return t.Select(dim, i);
        }
        dropsDim = false;
        var (offset, length) = range.GetOffsetAndLength(checked((int)size));
        return t.Slice(dim, offset, offset + length, step);
    }
}

public sealed partial class Tensor
{
    /// <summary>Indexes the leading dimensions; the result is a view sharing this tensor's storage.</summary>
    [System.Runtime.CompilerServices.IndexerName("At")]
    public Tensor this[params TensorIndex[] indices]
    {
        get
        {
            if (indices.Length > Dim) throw new IndexOutOfRangeException($"{indices.Length} indices for a tensor with {Dim} dimensions");
            var result = Alias();
            int dim = 0;
            foreach (var index in indices)
            {
                var next = index.Apply(result, dim, out var dropped);
                result.Dispose();
                result = next;
                if (!dropped) dim++;
            }
            return result;
        }
    }
}
