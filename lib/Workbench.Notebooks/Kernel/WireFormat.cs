using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Workbench.Notebooks.Kernel;

/// <summary>
/// The Jupyter wire format: [identities..., "&lt;IDS|MSG&gt;", signature, header, parent_header, metadata,
/// content, buffers...], where the signature covers the four JSON frames exactly as sent.
/// </summary>
public sealed class WireFormat(MessageSigner signer)
{
    public static readonly byte[] Delimiter = "<IDS|MSG>"u8.ToArray();

    private readonly ReplayGuard replays = new();

    public IReadOnlyList<byte[]> Encode(JupyterMessage message)
    {
        var parts = new[] { message.Header, message.ParentHeader, message.Metadata, message.Content }
            .Select(part => Encoding.UTF8.GetBytes(part.ToJsonString())).ToArray();
        var frames = new List<byte[]>(message.Identities.Count + 6 + message.Buffers.Count);
        frames.AddRange(message.Identities);
        frames.Add(Delimiter);
        frames.Add(Encoding.ASCII.GetBytes(signer.Sign(parts)));
        frames.AddRange(parts);
        frames.AddRange(message.Buffers);
        return frames;
    }

    /// <summary>Checks framing, signature and header of a received message; throws <see cref="MalformedMessageException"/> saying why it is refused.</summary>
    public JupyterMessage Decode(IReadOnlyList<byte[]> frames)
    {
        int delimiter = -1;
        for (int i = 0; i < frames.Count && delimiter < 0; i++)
            if (frames[i].AsSpan().SequenceEqual(Delimiter)) delimiter = i;
        if (delimiter < 0) throw new MalformedMessageException("no <IDS|MSG> delimiter");
        if (frames.Count - delimiter < 6) throw new MalformedMessageException($"{frames.Count - delimiter - 1} frames after the delimiter, expected at least 5");

        var parts = frames.Skip(delimiter + 2).Take(4).ToArray();
        var signature = Encoding.ASCII.GetString(frames[delimiter + 1]);
        if (!signer.Verify(signature, parts)) throw new MalformedMessageException(signature.Length == 0 ? "missing signature" : "bad signature");
        // Only a verified signature is remembered, so forged messages cannot poison the history.
        if (signer.Enabled && !replays.FirstSighting(signature)) throw new MalformedMessageException("replayed signature");

        var header = Parse(parts[0], "header");
        foreach (var field in new[] { "msg_id", "msg_type" })
            if (header[field] is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
                throw new MalformedMessageException($"header has no string '{field}'");
        return new JupyterMessage(frames.Take(delimiter).ToArray(), header, Parse(parts[1], "parent_header"),
            Parse(parts[2], "metadata"), Parse(parts[3], "content"), frames.Skip(delimiter + 6).ToArray());
    }

    private static JsonObject Parse(byte[] frame, string name)
    {
        try
        {
            var json = JsonNode.Parse(frame) as JsonObject ?? throw new MalformedMessageException($"{name} is not a JSON object");
            // JsonObject fills its dictionary lazily; doing it here turns a duplicate key into a refusal now
            // instead of a surprise in a handler, and makes later reads from other threads safe.
            _ = json.Count;
            return json;
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            throw new MalformedMessageException($"{name} is not valid JSON: {e.Message}");
        }
    }
}
