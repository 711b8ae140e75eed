namespace Workbench.Torch;

public sealed partial class Tensor
{
    public Tensor Reshape(params long[] shape) => TensorTape.Note(Wrap(Native.wb_reshape(Handle, shape, shape.Length), "reshape"), new TapedOp.Reshape("reshape"), this);
    public Tensor View(params long[] shape) => TensorTape.Note(Wrap(Native.wb_view(Handle, shape, shape.Length), "view"), new TapedOp.Reshape("view"), this);
    public Tensor Permute(params long[] dims) => Wrap(Native.wb_permute(Handle, dims, dims.Length), "permute");
    public Tensor Transpose(long dim0, long dim1) => Wrap(Native.wb_transpose(Handle, dim0, dim1), "transpose");
    /// <summary>Transpose of a matrix.</summary>
    public Tensor T => Transpose(0, 1);
    public Tensor Flatten(long startDim = 0, long endDim = -1) => TensorTape.Note(Wrap(Native.wb_flatten(Handle, startDim, endDim), "flatten"), new TapedOp.Reshape("flatten"), this);
    public Tensor Contiguous() => TensorTape.Note(Wrap(Native.wb_contiguous(Handle), "contiguous"), new TapedOp.Elementwise("contiguous"), this);
    public Tensor Squeeze(long dim) => TensorTape.Note(Wrap(Native.wb_squeeze(Handle, dim), "squeeze"), new TapedOp.Reshape("squeeze"), this);
    public Tensor Unsqueeze(long dim) => TensorTape.Note(Wrap(Native.wb_unsqueeze(Handle, dim), "unsqueeze"), new TapedOp.Reshape("unsqueeze"), this);
    public Tensor Expand(params long[] shape) => TensorTape.Note(Wrap(Native.wb_expand(Handle, shape, shape.Length), "expand"), new TapedOp.Reshape("expand"), this);
    public Tensor Repeat(params long[] repeats) => Wrap(Native.wb_repeat(Handle, repeats, repeats.Length), "repeat");
    public Tensor Flip(params long[] dims) => Wrap(Native.wb_flip(Handle, dims, dims.Length), "flip");
    public Tensor Narrow(long dim, long start, long length) =>
        TensorTape.Note(Wrap(Native.wb_narrow(Handle, dim, start, length), "narrow"), new TapedOp.Slice(dim, start, start + length, 1), this);
    /// <summary>Elements start, start+step, ... before end along <paramref name="dim"/> (a view).</summary>
    public Tensor Slice(long dim, long start, long end, long step = 1) =>
        TensorTape.Note(Wrap(Native.wb_slice(Handle, dim, start, end, step), "slice"), new TapedOp.Slice(dim, start, end, step), this);
    /// <summary>The sub-tensor at <paramref name="index"/> along <paramref name="dim"/>, which is removed (a view).</summary>
    public Tensor Select(long dim, long index) => Wrap(Native.wb_select(Handle, dim, index), "select");
    public Tensor IndexSelect(long dim, Tensor index) => Wrap(Native.wb_index_select(Handle, dim, index.Handle), "index_select");
    public Tensor Gather(long dim, Tensor index) => Wrap(Native.wb_gather(Handle, dim, index.Handle), "gather");
    /// <summary>Indices of the non-zero elements, one row per element.</summary>
    public Tensor NonZero() => Wrap(Native.wb_nonzero(Handle), "nonzero");
    public Tensor Clone() => TensorTape.Note(Wrap(Native.wb_clone(Handle), "clone"), new TapedOp.Elementwise("clone"), this);
    /// <summary>The same data, cut from the autograd graph.</summary>
    public Tensor Detach() => TensorTape.Note(Wrap(Native.wb_detach(Handle), "detach"), new TapedOp.Elementwise("detach"), this);
    /// <summary>A second owner of the same tensor (same storage, same autograd identity).</summary>
    public Tensor Alias() => TensorTape.Note(Wrap(Native.wb_alias(Handle), "alias"), new TapedOp.Elementwise("alias"), this);

    /// <summary>Pads the last dimensions: (left, right) for the last, then (top, bottom) for the one before, as torch.nn.functional.pad.</summary>
    public Tensor Pad(long[] pad, double value = 0) =>
        TensorTape.Note(Wrap(Native.wb_constant_pad(Handle, pad, pad.Length, value), "pad"), new TapedOp.Pad([.. pad]), this);

    public static Tensor Cat(IReadOnlyList<Tensor> tensors, long dim = 0) => Join(tensors, dim, stack: false);
    public static Tensor Stack(IReadOnlyList<Tensor> tensors, long dim = 0) => Join(tensors, dim, stack: true);

    private static Tensor Join(IReadOnlyList<Tensor> tensors, long dim, bool stack)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var pointers = new IntPtr[tensors.Count];
        var added = new bool[tensors.Count];
        try
        {
            for (int i = 0; i < tensors.Count; i++)
            {
                tensors[i].Handle.DangerousAddRef(ref added[i]);
                pointers[i] = tensors[i].Handle.DangerousGetHandle();
            }
            var raw = stack ? Native.wb_stack(pointers, pointers.Length, dim) : Native.wb_cat(pointers, pointers.Length, dim);
            var joined = Wrap(raw, stack ? "stack" : "cat");
            return stack ? joined : TensorTape.Note(joined, new TapedOp.Cat(dim), tensors);
        }
        finally
        {
            for (int i = 0; i < tensors.Count; i++)
                if (added[i]) tensors[i].Handle.DangerousRelease();
        }
    }
}
