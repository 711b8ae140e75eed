using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.Notebooks.Execution;

namespace Workbench.Notebooks.Kernel;

/// <summary>The data and metadata dictionaries of a <see cref="MimeBundle"/> as the JSON objects display messages carry.</summary>
internal static class MimeBundleJson
{
    public static JsonObject Data(MimeBundle bundle)
    {
        var data = new JsonObject();
        foreach (var (mime, value) in bundle.Data)
            data[mime] = value switch
            {
                string text => text,
                // Cloned: the caller's node may belong to another tree, and a node has one parent.
                JsonNode node => node.DeepClone(),
                _ => JsonSerializer.SerializeToNode(value, value.GetType()),
            };
        return data;
    }

    public static JsonObject Metadata(MimeBundle bundle)
    {
        var metadata = new JsonObject();
        foreach (var (mime, value) in bundle.Metadata ?? new Dictionary<string, JsonNode?>()) metadata[mime] = value?.DeepClone();
        return metadata;
    }
}
