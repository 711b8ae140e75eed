namespace Workbench.Torch;

public sealed partial class Tensor
{
    public bool RequiresGrad
    {
        get
        {
            var r = Native.wb_requires_grad(Handle);
            if (r < 0) throw TorchException.FromLastError("requires_grad");
            return r == 1;
        }
        set => TorchException.Check(Native.wb_set_requires_grad(Handle, value ? 1 : 0), "requires_grad_");
    }

    public bool IsLeaf => Native.wb_is_leaf(Handle) == 1;

    /// <summary>Back-propagates from this tensor (a scalar, unless <paramref name="gradient"/> is given).</summary>
    public void Backward(Tensor? gradient = null, bool retainGraph = false)
    {
        using var g = new Borrowed(gradient);
        TorchException.Check(Native.wb_backward(Handle, g.Pointer, retainGraph ? 1 : 0), "backward");
    }

    /// <summary>The accumulated gradient (a new handle to it), or null when none has been computed.</summary>
    public Tensor? Grad => WrapOptional(Native.wb_grad(Handle), "grad");

    /// <summary>Drops the accumulated gradient, as optimizer.zero_grad(set_to_none=True) does.</summary>
    public void ClearGrad() => TorchException.Check(Native.wb_clear_grad(Handle), "clear_grad");

    /// <summary>
    /// Replaces the data behind this tensor (any shape or device) while it keeps its identity and
    /// requires-grad flag, as PyTorch's <c>param.data = x</c>: modules move and resize parameters this way.
    /// </summary>
    public void SetData(Tensor data) => TorchException.Check(Native.wb_set_data(Handle, data.Handle), "set_data");
}

/// <summary>Autograd switches. <c>using (Autograd.NoGrad()) { ... }</c> records no graph inside.</summary>
public static class Autograd
{
    public static bool IsEnabled => Native.wb_grad_enabled() == 1;

    public static GradModeScope NoGrad() => new(false);

    public static GradModeScope EnableGrad() => new(true);
}

/// <summary>Sets the (thread-local) grad mode and restores the previous mode on dispose.</summary>
public readonly struct GradModeScope : IDisposable
{
    private readonly bool previous;

    internal GradModeScope(bool enabled) => previous = Native.wb_set_grad_enabled(enabled ? 1 : 0) == 1;

    public void Dispose() => Native.wb_set_grad_enabled(previous ? 1 : 0);
}
