namespace Workbench.Torch;

/// <summary>An error reported by libtorch, carrying libtorch's own message.</summary>
public sealed class TorchException : Exception
{
    public TorchException(string message) : base(message) { }

    internal static TorchException FromLastError(string operation)
    {
        var pointer = Native.wb_last_error();
        var message = pointer == IntPtr.Zero
            ? $"{operation}: libtorch returned no result and reported no error"
            : System.Runtime.InteropServices.Marshal.PtrToStringUTF8(pointer)!;
        return new TorchException(message.TrimEnd());
    }

    /// <summary>Throws unless a native call that returns a status succeeded.</summary>
    internal static void Check(int status, string operation)
    {
        if (status != 0) throw FromLastError(operation);
    }

    /// <summary>Reads the error after a call whose return value cannot signal failure by itself.</summary>
    internal static void ThrowIfPending(string operation)
    {
        if (Native.wb_last_error() != IntPtr.Zero) throw FromLastError(operation);
    }
}
