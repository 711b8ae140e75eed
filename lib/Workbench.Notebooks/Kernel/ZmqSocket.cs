using System.Text;

namespace Workbench.Notebooks.Kernel;

/// <summary>
/// One libzmq socket with multipart send and a receive that waits at most a timeout, so the thread
/// that owns it can notice a stop request. libzmq sockets are not thread-safe: one thread uses a
/// socket at a time (the iopub publisher serialises its callers with a lock).
/// </summary>
internal sealed unsafe class ZmqSocket : IDisposable
{
    private nint handle;

    internal ZmqSocket(ZmqContext context, ZmqSocketType type)
    {
        handle = ZmqNative.Socket(context.Handle, (int)type);
        if (handle == 0) throw ZmqException.Last($"zmq_socket({type})");
    }

    private nint Handle => handle != 0 ? handle : throw new ObjectDisposedException(nameof(ZmqSocket));

    public void SetOption(int option, int value)
    {
        if (ZmqNative.SetSockOpt(Handle, option, &value, sizeof(int)) != 0) throw ZmqException.Last($"zmq_setsockopt({option})");
    }

    public void SetOption(int option, byte[] value)
    {
        fixed (byte* p = value)
            if (ZmqNative.SetSockOpt(Handle, option, p, (nuint)value.Length) != 0) throw ZmqException.Last($"zmq_setsockopt({option})");
    }

    /// <summary>Binds to <paramref name="endpoint"/> and returns the endpoint actually bound (a "*" port resolved to a number).</summary>
    public string Bind(string endpoint)
    {
        if (ZmqNative.Bind(Handle, endpoint) != 0) throw ZmqException.Last($"cannot bind {endpoint}");
        var buffer = stackalloc byte[256];
        nuint length = 256;
        if (ZmqNative.GetSockOpt(Handle, ZmqNative.LastEndpoint, buffer, &length) != 0) throw ZmqException.Last("zmq_getsockopt(LAST_ENDPOINT)");
        return Encoding.UTF8.GetString(buffer, (int)length).TrimEnd('\0');
    }

    public void Connect(string endpoint)
    {
        if (ZmqNative.Connect(Handle, endpoint) != 0) throw ZmqException.Last($"cannot connect to {endpoint}");
    }

    /// <summary>Sends <paramref name="frames"/> as one multipart message (all frames arrive, or none).</summary>
    public void Send(IReadOnlyList<byte[]> frames)
    {
        for (int i = 0; i < frames.Count; i++)
        {
            var flags = i < frames.Count - 1 ? ZmqNative.SndMore : 0;
            fixed (byte* p = frames[i])
            {
                while (ZmqNative.Send(Handle, p, (nuint)frames[i].Length, flags) < 0)
                    if (ZmqNative.Errno() != ZmqNative.EIntr) throw ZmqException.Last("zmq_send");
            }
        }
    }

    /// <summary>Waits up to <paramref name="timeoutMilliseconds"/> for a message; null when none came.</summary>
    public List<byte[]>? Receive(int timeoutMilliseconds) => Receive(timeoutMilliseconds, long.MaxValue, out _);

    /// <summary>
    /// The same, copying at most <paramref name="maxBytes"/> of the message into managed memory: frames past
    /// that come back empty, and <paramref name="totalBytes"/> says how large the message really was.
    /// </summary>
    public List<byte[]>? Receive(int timeoutMilliseconds, long maxBytes, out long totalBytes)
    {
        totalBytes = 0;
        var item = new ZmqNative.PollItem { Socket = Handle, Events = ZmqNative.PollIn };
        int ready = ZmqNative.Poll(&item, 1, timeoutMilliseconds);
        if (ready < 0)
        {
            // A signal (the runtime's, or a Ctrl-C) interrupts the wait; the caller simply polls again.
            if (ZmqNative.Errno() == ZmqNative.EIntr) return null;
            throw ZmqException.Last("zmq_poll");
        }
        return ready == 0 ? null : ReceiveReady(maxBytes, out totalBytes);
    }

    /// <summary>Reads every frame of a message that zmq_poll reported ready (a multipart message arrives whole).</summary>
    private List<byte[]> ReceiveReady(long maxBytes, out long totalBytes)
    {
        totalBytes = 0;
        var frames = new List<byte[]>();
        ZmqNative.Message message;
        bool more;
        do
        {
            ZmqNative.MsgInit(&message);
            try
            {
                while (ZmqNative.MsgRecv(&message, Handle, 0) < 0)
                    if (ZmqNative.Errno() != ZmqNative.EIntr) throw ZmqException.Last("zmq_msg_recv");
                var size = (long)ZmqNative.MsgSize(&message);
                totalBytes += size;
                frames.Add(totalBytes > maxBytes ? [] : new ReadOnlySpan<byte>(ZmqNative.MsgData(&message), checked((int)size)).ToArray());
                more = ZmqNative.MsgMore(&message) != 0;
            }
            finally
            {
                ZmqNative.MsgClose(&message);
            }
        } while (more);
        return frames;
    }

    public void Dispose()
    {
        if (handle == 0) return;
        ZmqNative.Close(handle);
        handle = 0;
    }
}
