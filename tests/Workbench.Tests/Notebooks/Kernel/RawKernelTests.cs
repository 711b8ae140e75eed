using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Workbench.Notebooks.Kernel;

namespace Workbench.Tests.Notebooks.Kernel;

/// <summary>The kernel seen through bare libzmq sockets: heartbeat, frames no client library would send, stopping.</summary>
public sealed class RawKernelTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public void TheHeartbeatEchoesEveryPing()
    {
        using var kernel = new TestKernel();
        using var context = new ZmqContext();
        using var socket = context.CreateSocket(ZmqSocketType.Req);
        socket.SetOption(ZmqNative.Linger, 0);
        socket.Connect(kernel.Server.Connection.Endpoint(kernel.Server.Connection.HbPort));
        foreach (var ping in new[] { "ping", "", "third" })
        {
            socket.Send([Encoding.UTF8.GetBytes(ping)]);
            var echo = socket.Receive((int)Wait.TotalMilliseconds);
            Assert.NotNull(echo);
            Assert.Equal(ping, Encoding.UTF8.GetString(echo.Single()));
        }
    }

    [Fact]
    public void GarbageFramesAndUnknownTypesAreDroppedAndTheNextRequestAnswered()
    {
        using var kernel = new TestKernel();
        using var context = new ZmqContext();
        using var shell = ShellOf(kernel, context);
        var wire = new WireFormat(new MessageSigner(kernel.Server.Connection.Key));

        shell.Send([[1, 2, 3]]);
        shell.Send([WireFormat.Delimiter, "00"u8.ToArray(), "{}"u8.ToArray()]);
        var unsignedHeader = new JsonObject { ["msg_id"] = "x", ["msg_type"] = "kernel_info_request" };
        shell.Send([WireFormat.Delimiter, [], Encoding.UTF8.GetBytes(unsignedHeader.ToJsonString()), "{}"u8.ToArray(), "{}"u8.ToArray(), "{}"u8.ToArray()]);
        var noType = new JupyterMessage([], new JsonObject { ["msg_id"] = "y" }, [], [], [], []);
        shell.Send(wire.Encode(noType));
        shell.Send(wire.Encode(new JupyterMessage([], new JsonObject { ["msg_id"] = "c", ["msg_type"] = "comm_msg" }, [], [], [], [])));

        var request = new JupyterMessage([], new JsonObject { ["msg_id"] = "good", ["msg_type"] = "kernel_info_request", ["session"] = "raw" }, [], [], [], []);
        shell.Send(wire.Encode(request));
        var frames = shell.Receive((int)Wait.TotalMilliseconds);
        Assert.NotNull(frames);
        var reply = new WireFormat(new MessageSigner(kernel.Server.Connection.Key)).Decode(frames);
        Assert.Equal("kernel_info_reply", reply.MsgType);
        Assert.Equal("good", reply.ParentHeader["msg_id"]!.GetValue<string>());
        Assert.Equal("5.3", reply.Header["version"]!.GetValue<string>());

        var log = kernel.Log.ToString();
        Assert.Contains("no <IDS|MSG> delimiter", log);
        Assert.Contains("frames after the delimiter", log);
        Assert.Contains("missing signature", log);
        Assert.Contains("header has no string 'msg_type'", log);
        Assert.Contains("shell: ignoring comm_msg messages", log);
    }

    [Fact]
    public void AnOversizedMessageGetsAnErrorReplyNamingTheLimitAndIsNeverRun()
    {
        using var kernel = new TestKernel(new KernelOptions { MaxMessageBytes = 1 << 20 });
        using var context = new ZmqContext();
        using var shell = ShellOf(kernel, context);
        var wire = new WireFormat(new MessageSigner(kernel.Server.Connection.Key));

        var code = "var big = \"" + new string('x', 3 << 20) + "\";";
        var header = new JsonObject { ["msg_id"] = "big", ["msg_type"] = "execute_request", ["session"] = "raw" };
        shell.Send(wire.Encode(new JupyterMessage([], header, [], [], new JsonObject { ["code"] = code, ["silent"] = false }, [])));
        var frames = shell.Receive((int)Wait.TotalMilliseconds);
        Assert.NotNull(frames);
        var reply = wire.Decode(frames);
        Assert.Equal("execute_reply", reply.MsgType);
        Assert.Equal("big", reply.ParentHeader["msg_id"]!.GetValue<string>());
        Assert.Equal("error", reply.Content["status"]!.GetValue<string>());
        Assert.Equal("MessageTooLarge", reply.Content["ename"]!.GetValue<string>());
        Assert.Contains("at most 1,048,576", reply.Content["evalue"]!.GetValue<string>());
        Assert.Contains("dropped a message (the message is", kernel.Log.ToString());

        // Nothing of it ran, and the kernel serves the next request.
        shell.Send(wire.Encode(new JupyterMessage([], new JsonObject { ["msg_id"] = "next", ["msg_type"] = "kernel_info_request", ["session"] = "raw" }, [], [], [], [])));
        var next = shell.Receive((int)Wait.TotalMilliseconds);
        Assert.NotNull(next);
        Assert.Equal("kernel_info_reply", wire.Decode(next).MsgType);
        Assert.All(kernel.Sessions, s => Assert.Equal(0, s.ExecutionCount));
    }

    [Theory]
    [InlineData(null, "'code' is missing")]
    [InlineData(42, "'code' is a number")]
    public void AnExecuteRequestWithoutCodeTextIsAnErrorAndRunsNothing(int? code, string expected)
    {
        using var kernel = new TestKernel();
        using var context = new ZmqContext();
        using var shell = ShellOf(kernel, context);
        var wire = new WireFormat(new MessageSigner(kernel.Server.Connection.Key));

        var content = new JsonObject { ["silent"] = false };
        if (code is { } number) content["code"] = number;
        shell.Send(wire.Encode(new JupyterMessage([], new JsonObject { ["msg_id"] = "nocode", ["msg_type"] = "execute_request", ["session"] = "raw" }, [], [], content, [])));
        var frames = shell.Receive((int)Wait.TotalMilliseconds);
        Assert.NotNull(frames);
        var reply = wire.Decode(frames);
        Assert.Equal("execute_reply", reply.MsgType);
        Assert.Equal("error", reply.Content["status"]!.GetValue<string>());
        Assert.Equal("InvalidRequest", reply.Content["ename"]!.GetValue<string>());
        Assert.Equal($"execute_request content has no 'code' string ({expected}); nothing was run", reply.Content["evalue"]!.GetValue<string>());
        Assert.All(kernel.Sessions, s => Assert.Equal(0, s.ExecutionCount));
    }

    [Fact]
    public void AnUnsignedKernelAcceptsUnsignedMessages()
    {
        using var kernel = new TestKernel(key: "");
        using var context = new ZmqContext();
        using var shell = ShellOf(kernel, context);
        var wire = new WireFormat(new MessageSigner(""));
        shell.Send(wire.Encode(new JupyterMessage([], new JsonObject { ["msg_id"] = "u", ["msg_type"] = "kernel_info_request" }, [], [], [], [])));
        var frames = shell.Receive((int)Wait.TotalMilliseconds);
        Assert.NotNull(frames);
        Assert.Empty(frames[1]);
        Assert.Equal("kernel_info_reply", wire.Decode(frames).MsgType);
    }

    [Fact]
    public void DisposingStopsTheKernelEvenWhileACellRuns()
    {
        var kernel = new TestKernel();
        using var context = new ZmqContext();
        using var shell = ShellOf(kernel, context);
        var wire = new WireFormat(new MessageSigner(kernel.Server.Connection.Key));
        shell.Send(wire.Encode(new JupyterMessage([], new JsonObject { ["msg_id"] = "l", ["msg_type"] = "execute_request" }, [], [], new JsonObject { ["code"] = "loop" }, [])));
        var deadline = Stopwatch.StartNew();
        while (kernel.Sessions.Single().ExecutionCount == 0 && deadline.Elapsed < Wait) Thread.Sleep(10);

        var clock = Stopwatch.StartNew();
        kernel.Dispose();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"stopping took {clock.Elapsed}");
        Assert.True(kernel.Sessions.Single().Disposed);
        Assert.True(kernel.Server.ShutdownRequested.IsCompleted);
    }

    [Fact]
    public void PortZeroBindsDistinctFreePorts()
    {
        using var a = new TestKernel();
        using var b = new TestKernel();
        int[] Ports(ConnectionInfo c) => [c.ShellPort, c.IopubPort, c.StdinPort, c.ControlPort, c.HbPort];
        var all = Ports(a.Server.Connection).Concat(Ports(b.Server.Connection)).ToArray();
        Assert.All(all, p => Assert.InRange(p, 1, 65535));
        Assert.Equal(all.Length, all.Distinct().Count());
    }

    [Fact]
    public void ABusyPortIsReportedWithItsEndpoint()
    {
        using var a = new TestKernel();
        var taken = ConnectionInfo.Loopback() with { ShellPort = a.Server.Connection.ShellPort };
        var error = Assert.Throws<ZmqException>(() => new KernelServer(taken, () => new FakeSession()));
        Assert.Contains($"tcp://127.0.0.1:{taken.ShellPort}", error.Message);
    }

    /// <summary>A dealer socket on the kernel's shell channel, as a front end opens one.</summary>
    private static ZmqSocket ShellOf(TestKernel kernel, ZmqContext context)
    {
        var shell = context.CreateSocket(ZmqSocketType.Dealer);
        shell.SetOption(ZmqNative.Linger, 0);
        shell.Connect(kernel.Server.Connection.Endpoint(kernel.Server.Connection.ShellPort));
        return shell;
    }
}
