namespace Workbench.Torch;

/// <summary>What the binding tells a tape about one operation whose effect on channels a dependency graph can follow.</summary>
public abstract record TapedOp(string Name)
{
    /// <summary>Element by element (unary, binary with broadcasting, copies, dtype and device moves): channels pass through.</summary>
    public sealed record Elementwise(string Op) : TapedOp(Op);

    /// <summary>A new shape for the same elements, or pooling and broadcasting: the tape compares the shapes.</summary>
    public sealed record Reshape(string Op) : TapedOp(Op);

    /// <summary>Elements start, start+step, … before end along <paramref name="Dim"/>.</summary>
    public sealed record Slice(long Dim, long Start, long End, long Step) : TapedOp("slice");

    /// <summary>Constant padding, torch.nn.functional.pad's (left, right) pairs from the last dimension back.</summary>
    public sealed record Pad(long[] Amounts) : TapedOp("pad");

    public sealed record Cat(long Dim) : TapedOp("cat");

    /// <summary>A reduction over <paramref name="Dims"/> (every dimension when empty).</summary>
    public sealed record Reduce(string Op, long[] Dims, bool KeepDim) : TapedOp(Op);
}

/// <summary>
/// Sees every tensor the binding makes on one thread while active, and the inputs of the operations whose
/// channel semantics are known (<see cref="TapedOp"/>). A tensor made by any other operation is therefore
/// known to come from an operation the tape cannot follow, which is how a dependency graph refuses what it
/// does not understand instead of passing it through.
/// </summary>
public interface ITensorTape
{
    /// <summary>Every tensor the binding wraps, before any <see cref="Recorded"/> for it.</summary>
    void Created(Tensor output, string operation);

    /// <summary>An operation the tape can follow; for in-place operations <paramref name="output"/> is the first input.</summary>
    void Recorded(TapedOp op, Tensor output, IReadOnlyList<Tensor> inputs);

    /// <summary>An in-place operation whose effect on channels is not known changed <paramref name="tensor"/>.</summary>
    void Mutated(Tensor tensor, string operation);
}

/// <summary>The tape active on this thread, if any. Costs one thread-static read per operation when none is.</summary>
public static class TensorTape
{
    internal static ITensorTape? Current => ThreadSlot<ITensorTape>.Current;

    /// <summary>Makes <paramref name="tape"/> see this thread's operations until the result is disposed.</summary>
    public static IDisposable Record(ITensorTape tape) => ThreadSlot<ITensorTape>.Set(tape);

    // Overloads by input count keep the untraced path free of array allocations.
    internal static Tensor Note(Tensor output, TapedOp op, Tensor input)
    {
        Current?.Recorded(op, output, [input]);
        return output;
    }

    internal static Tensor Note(Tensor output, TapedOp op, Tensor first, Tensor second)
    {
        Current?.Recorded(op, output, [first, second]);
        return output;
    }

    internal static Tensor Note(Tensor output, TapedOp op, IReadOnlyList<Tensor> inputs)
    {
        Current?.Recorded(op, output, inputs);
        return output;
    }
}
