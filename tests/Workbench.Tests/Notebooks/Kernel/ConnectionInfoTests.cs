using Workbench.Notebooks.Kernel;

namespace Workbench.Tests.Notebooks.Kernel;

/// <summary>Connection files: read as Jupyter writes them, and refused with their path when unusable.</summary>
public sealed class ConnectionInfoTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void AJupyterConnectionFileLoads()
    {
        var path = folder.Write("kernel-1.json", """
            {"shell_port": 5001, "iopub_port": 5002, "stdin_port": 5003, "control_port": 5004, "hb_port": 5005,
             "ip": "127.0.0.1", "key": "abc-123", "transport": "tcp", "signature_scheme": "hmac-sha256", "kernel_name": "csharp-workbench"}
            """u8.ToArray());
        var info = ConnectionInfo.Load(path);
        Assert.Equal(new ConnectionInfo { ShellPort = 5001, IopubPort = 5002, StdinPort = 5003, ControlPort = 5004, HbPort = 5005, Key = "abc-123" }, info);
        Assert.Equal("tcp://127.0.0.1:5001", info.Endpoint(info.ShellPort));
        Assert.Equal("tcp://127.0.0.1:*", info.Endpoint(0));
    }

    [Fact]
    public void SavedFilesLoadBack()
    {
        var info = ConnectionInfo.Loopback() with { ShellPort = 1, IopubPort = 2, StdinPort = 3, ControlPort = 4, HbPort = 5, Ip = "10.0.0.1" };
        info.Save(folder.File("c.json"));
        Assert.Equal(info, ConnectionInfo.Load(folder.File("c.json")));
    }

    [Fact]
    public void AMissingFileIsNamed()
    {
        var path = folder.File("absent.json");
        Assert.Contains(path, Assert.Throws<FileNotFoundException>(() => ConnectionInfo.Load(path)).Message);
    }

    [Theory]
    [InlineData("{\"shell_port\": ", "not usable")]
    [InlineData("[]", "not a JSON object")]
    [InlineData("{\"iopub_port\": 1, \"stdin_port\": 1, \"control_port\": 1, \"hb_port\": 1}", "'shell_port' is missing")]
    [InlineData("{\"shell_port\": \"x\", \"iopub_port\": 1, \"stdin_port\": 1, \"control_port\": 1, \"hb_port\": 1}", "'shell_port' is \"x\", not a port number")]
    [InlineData("{\"shell_port\": 70000, \"iopub_port\": 1, \"stdin_port\": 1, \"control_port\": 1, \"hb_port\": 1}", "not a port number")]
    [InlineData("{\"shell_port\": 1, \"iopub_port\": 1, \"stdin_port\": 1, \"control_port\": 1, \"hb_port\": 1, \"key\": \"k\", \"signature_scheme\": \"hmac-md5\"}", "'hmac-md5' is not supported")]
    [InlineData("{\"shell_port\": 1, \"iopub_port\": 1, \"stdin_port\": 1, \"control_port\": 1, \"hb_port\": 1, \"transport\": \"udp\"}", "transport 'udp'")]
    public void AnUnusableFileIsNamedWithTheReason(string json, string reason)
    {
        var path = folder.Write("bad.json", System.Text.Encoding.UTF8.GetBytes(json));
        var error = Assert.Throws<InvalidDataException>(() => ConnectionInfo.Load(path));
        Assert.Contains(path, error.Message);
        Assert.Contains(reason, error.Message);
    }
}
