using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Workbench.Notebooks.Kernel;

/// <summary>Builds the kernel's outgoing messages: fresh headers in this kernel's session, replies and iopub publications.</summary>
internal sealed class MessageFactory(string session)
{
    public const string ProtocolVersion = "5.3";

    public string Session => session;

    public JsonObject Header(string msgType) => new()
    {
        ["msg_id"] = Guid.NewGuid().ToString(),
        ["session"] = session,
        ["username"] = "kernel",
        // jupyter_client parses at most six fractional digits, so not the round-trip "o" format's seven.
        ["date"] = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
        ["msg_type"] = msgType,
        ["version"] = ProtocolVersion,
    };

    /// <summary>A reply routed back to the sender of <paramref name="request"/>.</summary>
    public JupyterMessage Reply(JupyterMessage request, string msgType, JsonObject content) =>
        new(request.Identities, Header(msgType), ParentOf(request), [], content, []);

    /// <summary>An iopub message; the topic frame lets subscribers filter, jupyter_client subscribes to all.</summary>
    public JupyterMessage Publication(JupyterMessage? parent, string msgType, JsonObject content) =>
        new([Encoding.UTF8.GetBytes($"kernel.{session}.{msgType}")], Header(msgType), ParentOf(parent), [], content, []);

    // A copy: a JsonObject belongs to one tree and is not safe to serialise from two threads while it fills lazily.
    private static JsonObject ParentOf(JupyterMessage? request) => (JsonObject?)request?.Header.DeepClone() ?? [];
}
