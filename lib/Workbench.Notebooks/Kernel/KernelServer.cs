using Workbench.Notebooks.Execution;

namespace Workbench.Notebooks.Kernel;

/// <summary>
/// A Jupyter kernel (messaging protocol 5.3) serving one <see cref="ICodeSession"/> over ZeroMQ.
/// Construction binds the five sockets; <see cref="Start"/> starts the shell, control and heartbeat threads;
/// <see cref="ShutdownRequested"/> completes when a client asks the kernel to stop; <see cref="Dispose"/> stops it.
/// <code>
/// using var kernel = new KernelServer(ConnectionInfo.Load(path), () => new MySession());
/// kernel.Start();
/// await kernel.ShutdownRequested;
/// </code>
/// </summary>
public sealed class KernelServer : IDisposable
{
    // How often the loops look up from their sockets to notice Dispose.
    private const int PollMilliseconds = 100;
    // Closing sockets waits this long for what is still queued (the shutdown reply, the last idle) to go out.
    private const int LingerMilliseconds = 500;

    private readonly ZmqContext context = new();
    private readonly List<ZmqSocket> sockets = [];
    private readonly KernelOptions options;
    private readonly SessionHost sessions;
    private readonly RunningCell running = new();
    private readonly IopubChannel iopub;
    private readonly RequestChannel shell, control;
    private readonly StdinChannel stdin;
    private readonly Heartbeat heartbeat;
    private readonly ShellHandler shellHandler;
    private readonly ControlHandler controlHandler;
    private readonly ShutdownHandler shutdown;
    private readonly TaskCompletionSource shutdownRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<Thread> threads = [];
    private volatile bool stopping;
    private int disposed;

    /// <summary>Binds the sockets <paramref name="connection"/> names (port 0: any free port) and creates the first session.</summary>
    public KernelServer(ConnectionInfo connection, Func<ICodeSession> sessionFactory, KernelOptions? options = null)
    {
        this.options = options ?? new KernelOptions();
        this.options = this.options with { Log = TextWriter.Synchronized(this.options.Log) };
        try
        {
            var wire = new WireFormat(new MessageSigner(connection.Key));
            var messages = new MessageFactory(Guid.NewGuid().ToString());
            var (shellSocket, shellPort) = Bind(connection, ZmqSocketType.Router, connection.ShellPort);
            var (controlSocket, controlPort) = Bind(connection, ZmqSocketType.Router, connection.ControlPort);
            var (iopubSocket, iopubPort) = Bind(connection, ZmqSocketType.Pub, connection.IopubPort);
            var (stdinSocket, stdinPort) = Bind(connection, ZmqSocketType.Router, connection.StdinPort);
            var (hbSocket, hbPort) = Bind(connection, ZmqSocketType.Rep, connection.HbPort);
            Connection = connection with { ShellPort = shellPort, ControlPort = controlPort, IopubPort = iopubPort, StdinPort = stdinPort, HbPort = hbPort };

            iopub = new IopubChannel(iopubSocket, wire, messages);
            shell = new RequestChannel("shell", shellSocket, wire, messages, iopub, this.options.Log, this.options.MaxMessageBytes);
            control = new RequestChannel("control", controlSocket, wire, messages, iopub, this.options.Log, this.options.MaxMessageBytes);
            stdin = new StdinChannel(stdinSocket, wire, messages, this.options.Log);
            heartbeat = new Heartbeat(hbSocket);
            sessions = new SessionHost(sessionFactory);
            shutdown = new ShutdownHandler(running, sessions, this.options);
            var ignored = new IgnoredMessages(this.options.Log);
            shellHandler = new ShellHandler(sessions, new CellRunner(iopub, stdin, running), shutdown, new CommRefusal(iopub, this.options.Log), ignored, this.options, TakeQueuedShellRequests);
            controlHandler = new ControlHandler(running, shutdown, ignored, this.options);
        }
        catch
        {
            foreach (var socket in sockets) socket.Dispose();
            context.Dispose();
            throw;
        }
    }

    /// <summary>The connection actually served: ports of 0 replaced by the ones bound.</summary>
    public ConnectionInfo Connection { get; }

    /// <summary>Completes when a client sends shutdown_request (without an in-process restart), after the reply went out.</summary>
    public Task ShutdownRequested => shutdownRequested.Task;

    public void Start()
    {
        ObjectDisposedException.ThrowIf(disposed != 0, this);
        if (threads.Count > 0) throw new InvalidOperationException("the kernel is already started");
        options.Log.WriteLine($"[workbench kernel] serving on {Connection.Endpoint(Connection.ShellPort)} (shell), control {Connection.ControlPort}, iopub {Connection.IopubPort}, " +
                              $"stdin {Connection.StdinPort}, heartbeat {Connection.HbPort}; libzmq {ZmqContext.LibraryVersion}");
        iopub.Status(null, "starting");
        StartThread("kernel shell", ShellLoop);
        StartThread("kernel control", ControlLoop);
        StartThread("kernel heartbeat", () => heartbeat.Run(() => stopping, PollMilliseconds));
    }

    /// <summary>Loads <paramref name="connectionFile"/>, serves until a client shuts the kernel down or <paramref name="cancellation"/> fires.</summary>
    public static async Task RunAsync(string connectionFile, Func<ICodeSession> sessionFactory, KernelOptions? options = null, CancellationToken cancellation = default)
    {
        using var kernel = new KernelServer(ConnectionInfo.Load(connectionFile), sessionFactory, options);
        kernel.Start();
        await kernel.ShutdownRequested.WaitAsync(cancellation).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private (ZmqSocket Socket, int Port) Bind(ConnectionInfo connection, ZmqSocketType type, int port)
    {
        var socket = context.CreateSocket(type);
        sockets.Add(socket);
        socket.SetOption(ZmqNative.Linger, LingerMilliseconds);
        // A client that reconnects with the same identity takes over its old connection instead of being refused.
        if (type == ZmqSocketType.Router) socket.SetOption(ZmqNative.RouterHandover, 1);
        var endpoint = socket.Bind(connection.Endpoint(port));
        return (socket, port != 0 || connection.Transport != "tcp" ? port : int.Parse(endpoint[(endpoint.LastIndexOf(':') + 1)..]));
    }

    private void StartThread(string name, Action loop)
    {
        var thread = new Thread(() => Guarded(name, loop)) { Name = name, IsBackground = true };
        threads.Add(thread);
        thread.Start();
    }

    private void ShellLoop()
    {
        while (!stopping)
        {
            if (!shell.TryReceive(PollMilliseconds, out var request) || request is null) continue;
            Serve(shell, request, shellHandler.Handle);
            foreach (var queued in shellHandler.TakeQueuedAtError()) Serve(shell, queued, shellHandler.HandleAfterError);
        }
    }

    private void Serve(RequestChannel channel, JupyterMessage request, Func<JupyterMessage, Reply?> handle)
    {
        channel.Serve(request, handle);
        if (request.MsgType == "shutdown_request" && shutdown.FinalRequested) shutdownRequested.TrySetResult();
    }

    /// <summary>Every shell request already waiting on the socket, without waiting for more.</summary>
    private List<JupyterMessage> TakeQueuedShellRequests()
    {
        var queued = new List<JupyterMessage>();
        while (shell.TryReceive(0, out var request))
            if (request is not null) queued.Add(request);
        return queued;
    }

    private void ControlLoop()
    {
        while (!stopping)
        {
            if (!control.TryReceive(PollMilliseconds, out var request) || request is null) continue;
            Serve(control, request, controlHandler.Handle);
        }
    }

    /// <summary>Runs a loop, logging and resuming after an unexpected failure so one bad moment does not stop the kernel.</summary>
    private void Guarded(string name, Action loop)
    {
        while (!stopping)
        {
            try
            {
                loop();
            }
            catch (Exception e)
            {
                options.Log.WriteLine($"[workbench kernel] {name}: {e}");
                Thread.Sleep(PollMilliseconds);
            }
        }
    }

    /// <summary>Stops the threads, closes the sockets and disposes the session. A cell that ignores its interrupt is abandoned (its thread is a background thread).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0) return;
        stopping = true;
        running.Interrupt();
        // Nobody awaiting the kernel should wait past its end.
        shutdownRequested.TrySetResult();
        var allStopped = threads.All(t => t.Join(TimeSpan.FromSeconds(5)));
        if (!allStopped)
        {
            // Closing a socket another thread is using is undefined behaviour; leave them to the process's exit.
            options.Log.WriteLine("[workbench kernel] a cell did not stop on interrupt; leaving it running");
            return;
        }
        iopub.Dispose();
        shell.Dispose();
        control.Dispose();
        stdin.Dispose();
        heartbeat.Dispose();
        context.Dispose();
        sessions.Dispose();
    }
}
