using Workbench.Tests.Reference;
using System.Collections.Concurrent;
using Workbench.Notebooks.Kernel;

namespace Workbench.Tests.Notebooks.Kernel;

/// <summary>
/// A kernel served in-process on background threads with <see cref="FakeSession"/>s, on free loopback
/// ports, with its connection file written for a client and its log captured.
/// </summary>
public sealed class TestKernel : IDisposable
{
    private readonly TempFolder folder = new();

    public KernelServer Server { get; }
    public LogCapture Log { get; } = new();
    public ConcurrentQueue<FakeSession> Sessions { get; } = new();
    public string ConnectionFile { get; }

    public TestKernel(KernelOptions? options = null, string? key = null)
    {
        var connection = ConnectionInfo.Loopback();
        if (key is not null) connection = connection with { Key = key };
        Server = new KernelServer(connection, () =>
        {
            var session = new FakeSession();
            Sessions.Enqueue(session);
            return session;
        }, (options ?? new KernelOptions()) with { Log = Log });
        ConnectionFile = folder.File("kernel.json");
        Server.Connection.Save(ConnectionFile);
        Server.Start();
    }

    /// <summary>Runs <paramref name="scenario"/> after <see cref="JupyterClientScript.Prelude"/> against this kernel; returns what it printed.</summary>
    public string RunClient(string scenario) => SystemPython.Run(JupyterClientScript.Prelude + scenario, ConnectionFile);

    /// <summary>Waits (bounded) for a client's final shutdown_request to have been served.</summary>
    public void AssertShutdownRequested() =>
        Assert.True(Server.ShutdownRequested.Wait(TimeSpan.FromSeconds(10)), "the kernel did not report the shutdown request");

    public void Dispose()
    {
        Server.Dispose();
        folder.Dispose();
    }
}
