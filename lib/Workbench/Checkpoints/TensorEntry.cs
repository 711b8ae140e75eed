using Workbench.Torch;

namespace Workbench.Checkpoints;

/// <summary>
/// One tensor as a safetensors header describes it. <see cref="Begin"/> and <see cref="End"/>
/// are byte offsets relative to the start of the data section (the byte after the header).
/// </summary>
public sealed record TensorEntry(string Name, DType DType, long[] Shape, long Begin, long End)
{
    public long ByteCount => End - Begin;

    public override string ToString() => $"{Name}: {SafeTensorsDTypes.NameOf(DType)}[{string.Join(", ", Shape)}] @ [{Begin}, {End})";
}
