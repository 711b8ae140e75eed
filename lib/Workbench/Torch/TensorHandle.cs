using System.Runtime.InteropServices;

namespace Workbench.Torch;

/// <summary>Owns one native tensor handle; releasing it frees the handle in the shim.</summary>
internal sealed class TensorHandle : SafeHandle
{
    public TensorHandle() : base(IntPtr.Zero, ownsHandle: true) { }

    public TensorHandle(IntPtr raw) : base(IntPtr.Zero, ownsHandle: true) => SetHandle(raw);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        Native.wb_tensor_free(handle);
        return true;
    }
}

/// <summary>
/// Lends the raw pointer of a tensor that may be absent (an optional argument) for the
/// duration of one native call, holding a reference so it cannot be freed meanwhile.
/// </summary>
internal readonly ref struct Borrowed
{
    private readonly SafeHandle? owner;
    public readonly IntPtr Pointer;

    public Borrowed(Tensor? tensor)
    {
        if (tensor is null) { owner = null; Pointer = IntPtr.Zero; return; }
        owner = tensor.Handle;
        bool added = false;
        owner.DangerousAddRef(ref added);
        Pointer = owner.DangerousGetHandle();
    }

    public void Dispose() => owner?.DangerousRelease();
}
