namespace Workbench.Torch;

public sealed partial class Tensor
{
    private Tensor Reduce(ReduceOp op, long[] dims, bool keepDim) => TensorTape.Note(
        Wrap(Native.wb_reduce((int)op, Handle, dims, dims.Length, keepDim ? 1 : 0), op.ToString()), new TapedOp.Reduce(op.ToString(), dims, keepDim), this);

    /// <summary>Sum of every element.</summary>
    public Tensor Sum() => Reduce(ReduceOp.Sum, [], false);
    public Tensor Sum(long[] dims, bool keepDim = false) => Reduce(ReduceOp.Sum, dims, keepDim);
    public Tensor Sum(long dim, bool keepDim = false) => Reduce(ReduceOp.Sum, [dim], keepDim);

    public Tensor Mean() => Reduce(ReduceOp.Mean, [], false);
    public Tensor Mean(long[] dims, bool keepDim = false) => Reduce(ReduceOp.Mean, dims, keepDim);
    public Tensor Mean(long dim, bool keepDim = false) => Reduce(ReduceOp.Mean, [dim], keepDim);

    /// <summary>Largest element.</summary>
    public Tensor Max() => Reduce(ReduceOp.Amax, [], false);
    /// <summary>Largest values along <paramref name="dim"/>, with their indices.</summary>
    public (Tensor Values, Tensor Indices) Max(long dim, bool keepDim = false) => MaxMin(dim, keepDim, largest: true);
    public Tensor Amax(long[] dims, bool keepDim = false) => Reduce(ReduceOp.Amax, dims, keepDim);

    public Tensor Min() => Reduce(ReduceOp.Amin, [], false);
    public (Tensor Values, Tensor Indices) Min(long dim, bool keepDim = false) => MaxMin(dim, keepDim, largest: false);
    public Tensor Amin(long[] dims, bool keepDim = false) => Reduce(ReduceOp.Amin, dims, keepDim);

    public Tensor Prod() => Reduce(ReduceOp.Prod, [], false);
    public Tensor Any() => Reduce(ReduceOp.Any, [], false);
    public Tensor All() => Reduce(ReduceOp.All, [], false);
    public Tensor LogSumExp(long dim, bool keepDim = false) => Reduce(ReduceOp.LogSumExp, [dim], keepDim);

    /// <summary>The p-norm of every element (p = 2: Frobenius).</summary>
    public Tensor Norm(double p = 2) => Wrap(Native.wb_norm(Handle, p, [], 0, 0), "norm");
    public Tensor Norm(double p, long[] dims, bool keepDim = false) =>
        Wrap(Native.wb_norm(Handle, p, dims, dims.Length, keepDim ? 1 : 0), "norm");

    /// <summary>Index of the largest element of the flattened tensor.</summary>
    public Tensor ArgMax() => Wrap(Native.wb_argmax(Handle, 0, 0, 0), "argmax");
    public Tensor ArgMax(long dim, bool keepDim = false) => Wrap(Native.wb_argmax(Handle, dim, 1, keepDim ? 1 : 0), "argmax");

    public (Tensor Values, Tensor Indices) TopK(long k, long dim = -1, bool largest = true, bool sorted = true)
    {
        TorchException.Check(Native.wb_topk(Handle, k, dim, largest ? 1 : 0, sorted ? 1 : 0, out var v, out var i), "topk");
        return (Wrap(v, "topk"), Wrap(i, "topk"));
    }

    public (Tensor Values, Tensor Indices) Sort(long dim = -1, bool descending = false)
    {
        TorchException.Check(Native.wb_sort(Handle, dim, descending ? 1 : 0, out var v, out var i), "sort");
        return (Wrap(v, "sort"), Wrap(i, "sort"));
    }

    private (Tensor, Tensor) MaxMin(long dim, bool keepDim, bool largest)
    {
        TorchException.Check(Native.wb_max_dim(Handle, dim, keepDim ? 1 : 0, largest ? 1 : 0, out var v, out var i), largest ? "max" : "min");
        return (Wrap(v, "max"), Wrap(i, "max"));
    }
}
