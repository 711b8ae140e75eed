namespace Workbench.Torch;

public sealed partial class Tensor
{
    private Tensor Unary(UnaryOp op) => TensorTape.Note(Wrap(Native.wb_unary((int)op, Handle), op.ToString()), new TapedOp.Elementwise(op.ToString()), this);
    private Tensor UnaryInPlace(UnaryOp op)
    {
        TorchException.Check(Native.wb_unary_((int)op, Handle), op + "_");
        return this;
    }
    private Tensor Binary(BinaryOp op, Tensor other) =>
        TensorTape.Note(Wrap(Native.wb_binary((int)op, Handle, other.Handle), op.ToString()), new TapedOp.Elementwise(op.ToString()), this, other);
    private Tensor Binary(BinaryOp op, Scalar s) =>
        TensorTape.Note(Wrap(Native.wb_binary_scalar((int)op, Handle, s.Value, s.IntFlag), op.ToString()), new TapedOp.Elementwise(op.ToString()), this);
    private Tensor BinaryInPlace(BinaryOp op, Tensor other, double alpha = 1)
    {
        TorchException.Check(Native.wb_binary_((int)op, Handle, other.Handle, alpha), op + "_");
        return TensorTape.Note(this, new TapedOp.Elementwise(op + "_"), this, other);
    }
    private Tensor BinaryInPlace(BinaryOp op, Scalar s)
    {
        TorchException.Check(Native.wb_binary_scalar_((int)op, Handle, s.Value, s.IntFlag), op + "_");
        return this;
    }

    public static Tensor operator +(Tensor a, Tensor b) => a.Binary(BinaryOp.Add, b);
    public static Tensor operator -(Tensor a, Tensor b) => a.Binary(BinaryOp.Sub, b);
    public static Tensor operator *(Tensor a, Tensor b) => a.Binary(BinaryOp.Mul, b);
    public static Tensor operator /(Tensor a, Tensor b) => a.Binary(BinaryOp.Div, b);
    public static Tensor operator %(Tensor a, Tensor b) => a.Binary(BinaryOp.Remainder, b);
    public static Tensor operator +(Tensor a, Scalar s) => a.Binary(BinaryOp.Add, s);
    public static Tensor operator -(Tensor a, Scalar s) => a.Binary(BinaryOp.Sub, s);
    public static Tensor operator *(Tensor a, Scalar s) => a.Binary(BinaryOp.Mul, s);
    public static Tensor operator /(Tensor a, Scalar s) => a.Binary(BinaryOp.Div, s);
    public static Tensor operator %(Tensor a, Scalar s) => a.Binary(BinaryOp.Remainder, s);
    public static Tensor operator +(Scalar s, Tensor a) => a.Binary(BinaryOp.Add, s);
    public static Tensor operator -(Scalar s, Tensor a) => a.Binary(BinaryOp.RSub, s);
    public static Tensor operator *(Scalar s, Tensor a) => a.Binary(BinaryOp.Mul, s);
    public static Tensor operator /(Scalar s, Tensor a) => a.Binary(BinaryOp.RDiv, s);
    public static Tensor operator -(Tensor a) => a.Unary(UnaryOp.Neg);

    // Ordering operators are element-wise, as in PyTorch; == and != keep reference equality, so use Eq/Ne.
    public static Tensor operator <(Tensor a, Tensor b) => a.Binary(BinaryOp.Lt, b);
    public static Tensor operator >(Tensor a, Tensor b) => a.Binary(BinaryOp.Gt, b);
    public static Tensor operator <=(Tensor a, Tensor b) => a.Binary(BinaryOp.Le, b);
    public static Tensor operator >=(Tensor a, Tensor b) => a.Binary(BinaryOp.Ge, b);
    public static Tensor operator <(Tensor a, Scalar s) => a.Binary(BinaryOp.Lt, s);
    public static Tensor operator >(Tensor a, Scalar s) => a.Binary(BinaryOp.Gt, s);
    public static Tensor operator <=(Tensor a, Scalar s) => a.Binary(BinaryOp.Le, s);
    public static Tensor operator >=(Tensor a, Scalar s) => a.Binary(BinaryOp.Ge, s);

    public Tensor Add(Tensor other, double alpha = 1) =>
        alpha == 1 ? Binary(BinaryOp.Add, other) : Wrap(Native.wb_add_scaled(Handle, other.Handle, alpha), "add");
    public Tensor Sub(Tensor other) => Binary(BinaryOp.Sub, other);
    public Tensor Mul(Tensor other) => Binary(BinaryOp.Mul, other);
    public Tensor Div(Tensor other) => Binary(BinaryOp.Div, other);
    public Tensor Pow(Tensor exponent) => Binary(BinaryOp.Pow, exponent);
    public Tensor Pow(Scalar exponent) => Binary(BinaryOp.Pow, exponent);
    public Tensor Eq(Tensor other) => Binary(BinaryOp.Eq, other);
    public Tensor Eq(Scalar s) => Binary(BinaryOp.Eq, s);
    public Tensor Ne(Tensor other) => Binary(BinaryOp.Ne, other);
    public Tensor Ne(Scalar s) => Binary(BinaryOp.Ne, s);
    public Tensor Lt(Tensor other) => Binary(BinaryOp.Lt, other);
    public Tensor Le(Tensor other) => Binary(BinaryOp.Le, other);
    public Tensor Gt(Tensor other) => Binary(BinaryOp.Gt, other);
    public Tensor Ge(Tensor other) => Binary(BinaryOp.Ge, other);
    public Tensor Maximum(Tensor other) => Binary(BinaryOp.Maximum, other);
    public Tensor Minimum(Tensor other) => Binary(BinaryOp.Minimum, other);
    public Tensor LogicalAnd(Tensor other) => Binary(BinaryOp.LogicalAnd, other);
    public Tensor LogicalOr(Tensor other) => Binary(BinaryOp.LogicalOr, other);
    public Tensor LogicalNot() => Unary(UnaryOp.LogicalNot);

    public Tensor Abs() => Unary(UnaryOp.Abs);
    public Tensor Sqrt() => Unary(UnaryOp.Sqrt);
    public Tensor Rsqrt() => Unary(UnaryOp.Rsqrt);
    public Tensor Exp() => Unary(UnaryOp.Exp);
    public Tensor Log() => Unary(UnaryOp.Log);
    public Tensor Log1p() => Unary(UnaryOp.Log1p);
    public Tensor Relu() => Unary(UnaryOp.Relu);
    public Tensor Sigmoid() => Unary(UnaryOp.Sigmoid);
    public Tensor Tanh() => Unary(UnaryOp.Tanh);
    public Tensor Sin() => Unary(UnaryOp.Sin);
    public Tensor Cos() => Unary(UnaryOp.Cos);
    public Tensor Sign() => Unary(UnaryOp.Sign);
    public Tensor Floor() => Unary(UnaryOp.Floor);
    public Tensor Ceil() => Unary(UnaryOp.Ceil);
    public Tensor Round() => Unary(UnaryOp.Round);
    public Tensor Reciprocal() => Unary(UnaryOp.Reciprocal);
    public Tensor Square() => Unary(UnaryOp.Square);
    public Tensor IsNan() => Unary(UnaryOp.IsNan);
    public Tensor IsInf() => Unary(UnaryOp.IsInf);
    public Tensor IsFinite() => Unary(UnaryOp.IsFinite);

    public Tensor Clamp(double? min = null, double? max = null) => TensorTape.Note(
        Wrap(Native.wb_clamp(Handle, min ?? 0, min.HasValue ? 1 : 0, max ?? 0, max.HasValue ? 1 : 0), "clamp"), new TapedOp.Elementwise("clamp"), this);

    /// <summary>Element-wise choice: <paramref name="whereTrue"/> where this (bool) tensor is true, else <paramref name="whereFalse"/>.</summary>
    public Tensor Where(Tensor whereTrue, Tensor whereFalse) => Wrap(Native.wb_where(Handle, whereTrue.Handle, whereFalse.Handle), "where");

    public Tensor MaskedFill(Tensor mask, Scalar value) => Wrap(Native.wb_masked_fill(Handle, mask.Handle, value.Value, value.IntFlag), "masked_fill");

    // In-place updates (what optimizers and masks need). Each returns this tensor.
    public Tensor Add_(Tensor other, double alpha = 1) => BinaryInPlace(BinaryOp.Add, other, alpha);
    public Tensor Add_(Scalar s) => BinaryInPlace(BinaryOp.Add, s);
    public Tensor Sub_(Tensor other, double alpha = 1) => BinaryInPlace(BinaryOp.Sub, other, alpha);
    public Tensor Sub_(Scalar s) => BinaryInPlace(BinaryOp.Sub, s);
    public Tensor Mul_(Tensor other) => BinaryInPlace(BinaryOp.Mul, other);
    public Tensor Mul_(Scalar s) => BinaryInPlace(BinaryOp.Mul, s);
    public Tensor Div_(Tensor other) => BinaryInPlace(BinaryOp.Div, other);
    public Tensor Div_(Scalar s) => BinaryInPlace(BinaryOp.Div, s);
    public Tensor Pow_(Scalar s) => BinaryInPlace(BinaryOp.Pow, s);
    public Tensor Fill_(Scalar s) => BinaryInPlace(BinaryOp.Fill, s);
    public Tensor Zero_() => UnaryInPlace(UnaryOp.Zero);
    public Tensor Relu_() => UnaryInPlace(UnaryOp.Relu);
    public Tensor Neg_() => UnaryInPlace(UnaryOp.Neg);
    public Tensor Sqrt_() => UnaryInPlace(UnaryOp.Sqrt);

    public Tensor Clamp_(double? min = null, double? max = null)
    {
        TorchException.Check(Native.wb_clamp_(Handle, min ?? 0, min.HasValue ? 1 : 0, max ?? 0, max.HasValue ? 1 : 0), "clamp_");
        return this;
    }

    /// <summary>this += value * a * b</summary>
    public Tensor AddCMul_(Tensor a, Tensor b, double value = 1)
    {
        TorchException.Check(Native.wb_addcmul_(Handle, a.Handle, b.Handle, value), "addcmul_");
        TensorTape.Current?.Mutated(this, "addcmul_");
        return this;
    }

    /// <summary>this += value * a / b</summary>
    public Tensor AddCDiv_(Tensor a, Tensor b, double value = 1)
    {
        TorchException.Check(Native.wb_addcdiv_(Handle, a.Handle, b.Handle, value), "addcdiv_");
        TensorTape.Current?.Mutated(this, "addcdiv_");
        return this;
    }

    /// <summary>Copies <paramref name="source"/> (broadcast, converted) into this tensor.</summary>
    public Tensor Copy_(Tensor source)
    {
        TorchException.Check(Native.wb_copy_(Handle, source.Handle), "copy_");
        TensorTape.Current?.Mutated(this, "copy_");
        return this;
    }

    /// <summary>Writes <paramref name="source"/>'s slices along <paramref name="dim"/> into this tensor at <paramref name="index"/> (int64): the inverse of <see cref="IndexSelect"/>.</summary>
    public Tensor IndexCopy_(long dim, Tensor index, Tensor source)
    {
        TorchException.Check(Native.wb_index_copy_(Handle, dim, index.Handle, source.Handle), "index_copy_");
        TensorTape.Current?.Mutated(this, "index_copy_");
        return this;
    }

    public Tensor MaskedFill_(Tensor mask, Scalar value)
    {
        TorchException.Check(Native.wb_masked_fill_(Handle, mask.Handle, value.Value, value.IntFlag), "masked_fill_");
        TensorTape.Current?.Mutated(this, "masked_fill_");
        return this;
    }

    public Tensor To(DType dtype) => TensorTape.Note(Wrap(Native.wb_to_dtype(Handle, (int)dtype), "to(dtype)"), new TapedOp.Elementwise("to(dtype)"), this);

    public Tensor To(Device device, bool nonBlocking = false) => TensorTape.Note(
        Wrap(Native.wb_to_device(Handle, (int)device.Type, device.Index, nonBlocking ? 1 : 0), "to(device)"), new TapedOp.Elementwise("to(device)"), this);

    public Tensor MatMul(Tensor other) => Wrap(Native.wb_matmul(Handle, other.Handle), "matmul");

    public Tensor Mm(Tensor other) => Wrap(Native.wb_mm(Handle, other.Handle), "mm");

    /// <summary>beta * this + alpha * (a @ b)</summary>
    public Tensor AddMm(Tensor a, Tensor b, double beta = 1, double alpha = 1) =>
        Wrap(Native.wb_addmm(Handle, a.Handle, b.Handle, beta, alpha), "addmm");
}
