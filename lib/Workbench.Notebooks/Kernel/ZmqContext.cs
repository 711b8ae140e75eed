namespace Workbench.Notebooks.Kernel;

/// <summary>A libzmq context: the I/O threads behind a set of sockets. Close every socket before disposing it.</summary>
internal sealed class ZmqContext : IDisposable
{
    internal nint Handle { get; private set; }

    public ZmqContext()
    {
        Handle = ZmqNative.CtxNew();
        if (Handle == 0) throw ZmqException.Last("zmq_ctx_new");
    }

    /// <summary>libzmq's version, for the log: the kernel depends on whatever libzmq5 the system has.</summary>
    public static unsafe Version LibraryVersion
    {
        get
        {
            int major, minor, patch;
            ZmqNative.Version(&major, &minor, &patch);
            return new Version(major, minor, patch);
        }
    }

    internal ZmqSocket CreateSocket(ZmqSocketType type) => new(this, type);

    public void Dispose()
    {
        if (Handle == 0) return;
        // zmq_ctx_term blocks until every socket is closed and lingering messages are sent; EINTR means "try again".
        while (ZmqNative.CtxTerm(Handle) != 0 && ZmqNative.Errno() == ZmqNative.EIntr) { }
        Handle = 0;
    }
}
