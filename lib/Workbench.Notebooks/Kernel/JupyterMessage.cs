using System.Text.Json.Nodes;

namespace Workbench.Notebooks.Kernel;

/// <summary>
/// One Jupyter message as the kernel handles it: the routing identities (or iopub topic) in front of
/// the delimiter, the four JSON parts, and any binary buffers after them.
/// </summary>
public sealed record JupyterMessage(
    IReadOnlyList<byte[]> Identities,
    JsonObject Header,
    JsonObject ParentHeader,
    JsonObject Metadata,
    JsonObject Content,
    IReadOnlyList<byte[]> Buffers)
{
    /// <summary>Wire decoding guarantees msg_type is a string.</summary>
    public string MsgType => Header["msg_type"]!.GetValue<string>();

    public string MsgId => Header["msg_id"]!.GetValue<string>();

    /// <summary>A content field, or <paramref name="fallback"/> when it is absent or of another JSON type.</summary>
    public T Get<T>(string name, T fallback) =>
        Content[name] is JsonValue value && value.TryGetValue<T>(out var result) ? result : fallback;
}
