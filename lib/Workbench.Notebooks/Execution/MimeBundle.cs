using System.Text.Json.Nodes;

namespace Workbench.Notebooks.Execution;

/// <summary>
/// A Jupyter MIME bundle: MIME type → content, a string for text types and a <see cref="JsonNode"/>
/// for JSON types (application/json, application/*+json), plus optional per-type metadata.
/// </summary>
public sealed record MimeBundle(IReadOnlyDictionary<string, object> Data, IReadOnlyDictionary<string, JsonNode?>? Metadata = null)
{
    public static MimeBundle PlainText(string text) => new(new Dictionary<string, object> { ["text/plain"] = text });
}
