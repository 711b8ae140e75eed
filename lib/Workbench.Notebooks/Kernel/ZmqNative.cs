using System.Runtime.InteropServices;

namespace Workbench.Notebooks.Kernel;

/// <summary>
/// The few libzmq entry points the kernel needs, bound by P/Invoke to the system's libzmq5
/// (NetMQ is not available). Constants are from zmq.h of libzmq 4.x, which this machine lacks.
/// </summary>
internal static unsafe partial class ZmqNative
{
    private const string Library = "libzmq.so.5";

    public const int Linger = 17, LastEndpoint = 32, RouterHandover = 56;
    public const int SndMore = 2;
    public const short PollIn = 1;
    public const int EIntr = 4;

    /// <summary>zmq_msg_t: 64 opaque bytes, 8-byte aligned.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 64)]
    public struct Message
    {
        private long opaque;
    }

    /// <summary>zmq_pollitem_t on Unix: socket pointer, file descriptor, requested and returned events.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PollItem
    {
        public nint Socket;
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport(Library, EntryPoint = "zmq_ctx_new")]
    public static partial nint CtxNew();

    [LibraryImport(Library, EntryPoint = "zmq_ctx_term")]
    public static partial int CtxTerm(nint context);

    [LibraryImport(Library, EntryPoint = "zmq_socket")]
    public static partial nint Socket(nint context, int type);

    [LibraryImport(Library, EntryPoint = "zmq_close")]
    public static partial int Close(nint socket);

    [LibraryImport(Library, EntryPoint = "zmq_bind", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Bind(nint socket, string endpoint);

    [LibraryImport(Library, EntryPoint = "zmq_connect", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Connect(nint socket, string endpoint);

    [LibraryImport(Library, EntryPoint = "zmq_setsockopt")]
    public static partial int SetSockOpt(nint socket, int option, void* value, nuint length);

    [LibraryImport(Library, EntryPoint = "zmq_getsockopt")]
    public static partial int GetSockOpt(nint socket, int option, void* value, nuint* length);

    [LibraryImport(Library, EntryPoint = "zmq_send")]
    public static partial int Send(nint socket, byte* buffer, nuint length, int flags);

    [LibraryImport(Library, EntryPoint = "zmq_msg_init")]
    public static partial int MsgInit(Message* message);

    [LibraryImport(Library, EntryPoint = "zmq_msg_recv")]
    public static partial int MsgRecv(Message* message, nint socket, int flags);

    [LibraryImport(Library, EntryPoint = "zmq_msg_data")]
    public static partial byte* MsgData(Message* message);

    [LibraryImport(Library, EntryPoint = "zmq_msg_size")]
    public static partial nuint MsgSize(Message* message);

    [LibraryImport(Library, EntryPoint = "zmq_msg_more")]
    public static partial int MsgMore(Message* message);

    [LibraryImport(Library, EntryPoint = "zmq_msg_close")]
    public static partial int MsgClose(Message* message);

    [LibraryImport(Library, EntryPoint = "zmq_poll")]
    public static partial int Poll(PollItem* items, int count, long timeoutMilliseconds);

    [LibraryImport(Library, EntryPoint = "zmq_errno")]
    public static partial int Errno();

    [LibraryImport(Library, EntryPoint = "zmq_strerror")]
    public static partial byte* StrError(int error);

    [LibraryImport(Library, EntryPoint = "zmq_version")]
    public static partial void Version(int* major, int* minor, int* patch);
}
