using System.Text.Json;
using System.Text.Json.Nodes;

namespace Workbench.Notebooks.Kernel;

/// <summary>
/// A Jupyter connection file: where the kernel's five sockets listen and the key that signs messages.
/// A port of 0 asks the kernel to pick a free one (<see cref="KernelServer.Connection"/> has the result).
/// </summary>
public sealed record ConnectionInfo
{
    public string Transport { get; init; } = "tcp";
    public string Ip { get; init; } = "127.0.0.1";
    public int ShellPort { get; init; }
    public int IopubPort { get; init; }
    public int StdinPort { get; init; }
    public int ControlPort { get; init; }
    public int HbPort { get; init; }
    public string Key { get; init; } = "";
    public string SignatureScheme { get; init; } = "hmac-sha256";

    /// <summary>A loopback connection on free ports with a fresh random key.</summary>
    public static ConnectionInfo Loopback() => new() { Key = Guid.NewGuid().ToString() };

    /// <summary>The libzmq endpoint for <paramref name="port"/>: tcp://ip:port (port 0 → any free one) or ipc://ip-port.</summary>
    public string Endpoint(int port) => Transport == "ipc" ? $"ipc://{Ip}-{port}" : $"tcp://{Ip}:{(port == 0 ? "*" : port)}";

    /// <summary>Reads a connection file; a missing or malformed one is reported with its path.</summary>
    public static ConnectionInfo Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"connection file '{path}' does not exist", path);
        try
        {
            var json = JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                       ?? throw new InvalidDataException("it is not a JSON object");
            var info = new ConnectionInfo
            {
                Transport = OptionalString(json, "transport") ?? "tcp",
                Ip = OptionalString(json, "ip") ?? "127.0.0.1",
                ShellPort = Port(json, "shell_port"),
                IopubPort = Port(json, "iopub_port"),
                StdinPort = Port(json, "stdin_port"),
                ControlPort = Port(json, "control_port"),
                HbPort = Port(json, "hb_port"),
                Key = OptionalString(json, "key") ?? "",
                SignatureScheme = OptionalString(json, "signature_scheme") ?? "hmac-sha256",
            };
            info.Validate();
            return info;
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or FormatException or InvalidOperationException)
        {
            throw new InvalidDataException($"connection file '{path}' is not usable: {e.Message}", e);
        }
    }

    /// <summary>Writes this as a connection file that jupyter_client reads.</summary>
    public void Save(string path) => File.WriteAllText(path, ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

    public JsonObject ToJson() => new()
    {
        ["transport"] = Transport, ["ip"] = Ip,
        ["shell_port"] = ShellPort, ["iopub_port"] = IopubPort, ["stdin_port"] = StdinPort,
        ["control_port"] = ControlPort, ["hb_port"] = HbPort,
        ["key"] = Key, ["signature_scheme"] = SignatureScheme,
    };

    private void Validate()
    {
        if (Transport is not ("tcp" or "ipc")) throw new InvalidDataException($"transport '{Transport}' is neither tcp nor ipc");
        // Only HMAC-SHA256 is implemented; accepting another scheme would silently fail every signature check.
        if (Key.Length > 0 && SignatureScheme != "hmac-sha256") throw new InvalidDataException($"signature scheme '{SignatureScheme}' is not supported (only hmac-sha256)");
    }

    private static string? OptionalString(JsonObject json, string name) => json[name] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        var other => throw new InvalidDataException($"'{name}' is {other.ToJsonString()}, not a string"),
    };

    private static int Port(JsonObject json, string name) => json[name] switch
    {
        null => throw new InvalidDataException($"'{name}' is missing"),
        JsonValue v when v.TryGetValue<int>(out var port) && port is >= 0 and <= 65535 => port,
        var other => throw new InvalidDataException($"'{name}' is {other.ToJsonString()}, not a port number"),
    };
}
