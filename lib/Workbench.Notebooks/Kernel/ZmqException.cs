using System.Runtime.InteropServices;

namespace Workbench.Notebooks.Kernel;

/// <summary>A libzmq call failed; the message carries zmq_strerror's text and what was being done.</summary>
public sealed class ZmqException(string what, int error) : IOException($"{what}: {Describe(error)}")
{
    public int Error { get; } = error;

    /// <summary>The exception for the calling thread's last libzmq error.</summary>
    internal static ZmqException Last(string what) => new(what, ZmqNative.Errno());

    private static unsafe string Describe(int error) => Marshal.PtrToStringUTF8((nint)ZmqNative.StrError(error)) ?? $"zmq error {error}";
}
