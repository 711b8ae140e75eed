using System.Text;

namespace Workbench.Torch;

/// <summary>
/// A libtorch tensor. It owns one native handle: dispose it, or create it inside a
/// <see cref="DisposeScope"/>. Using a disposed tensor throws <see cref="ObjectDisposedException"/>.
/// Operations follow PyTorch's names and semantics; in-place operations end in an underscore
/// and return the same object.
/// </summary>
public sealed partial class Tensor : IDisposable
{
    internal readonly TensorHandle Handle;

    /// <summary>The dispose scope that will dispose this tensor, if any.</summary>
    internal DisposeScope? Scope;

    private Tensor(IntPtr raw)
    {
        Handle = new TensorHandle(raw);
        DisposeScope.Current?.Register(this);
    }

    /// <summary>Wraps a handle returned by the shim, turning a null handle into the libtorch error.</summary>
    internal static Tensor Wrap(IntPtr raw, string operation)
    {
        if (raw == IntPtr.Zero) throw TorchException.FromLastError(operation);
        var tensor = new Tensor(raw);
        TensorTape.Current?.Created(tensor, operation);
        return tensor;
    }

    /// <summary>Like <see cref="Wrap"/>, but a null handle without an error means "no tensor" (an undefined grad).</summary>
    internal static Tensor? WrapOptional(IntPtr raw, string operation)
    {
        if (raw != IntPtr.Zero) return new Tensor(raw);
        TorchException.ThrowIfPending(operation);
        return null;
    }

    public bool IsDisposed => Handle.IsClosed;

    public void Dispose()
    {
        Scope?.Forget(this);
        Handle.Dispose();
    }

    /// <summary>Removes this tensor from its dispose scope; the caller now owns it.</summary>
    public Tensor DetachFromDisposeScope()
    {
        Scope?.Forget(this);
        return this;
    }

    /// <summary>Moves this tensor to the scope enclosing its current one (or to the caller).</summary>
    public Tensor MoveToOuterDisposeScope() => Scope?.Keep(this) ?? this;

    public int Dim
    {
        get
        {
            var n = Native.wb_ndim(Handle);
            if (n < 0) throw TorchException.FromLastError("dim");
            return n;
        }
    }

    public long[] Shape
    {
        get
        {
            var buffer = new long[16];
            var n = Native.wb_shape(Handle, buffer, buffer.Length);
            if (n < 0) throw TorchException.FromLastError("shape");
            return buffer[..n];
        }
    }

    /// <summary>Size of one dimension; negative dimensions count from the end.</summary>
    public long Size(int dim)
    {
        var shape = Shape;
        var d = dim < 0 ? dim + shape.Length : dim;
        if (d < 0 || d >= shape.Length)
            throw new ArgumentOutOfRangeException(nameof(dim), dim, $"tensor has {shape.Length} dimensions");
        return shape[d];
    }

    public long NumEl
    {
        get
        {
            var n = Native.wb_numel(Handle);
            if (n < 0) throw TorchException.FromLastError("numel");
            return n;
        }
    }

    public DType DType
    {
        get
        {
            var code = Native.wb_dtype(Handle);
            if (code < 0) throw TorchException.FromLastError("dtype");
            return (DType)code;
        }
    }

    public Device Device
    {
        get
        {
            TorchException.Check(Native.wb_device(Handle, out var type, out var index), "device");
            return new Device((DeviceType)type, index);
        }
    }

    public bool IsContiguous => Native.wb_is_contiguous(Handle) == 1;

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("Tensor[").Append(string.Join(", ", Shape)).Append("] ").Append(DType).Append(' ').Append(Device);
        if (NumEl <= 12 && !IsDisposed)
        {
            using var flat = Flatten().To(DType.Float64).To(Device.Cpu);
            text.Append(" (").Append(string.Join(", ", flat.ToArray<double>().Select(v => v.ToString("G6")))).Append(')');
        }
        return text.ToString();
    }
}
