using System.Text.Json.Nodes;
using Workbench.Notebooks.Execution;

namespace Workbench.Notebooks.Ipynb;

/// <summary>Outputs in nbformat 4 shapes: stream, display_data, execute_result and error.</summary>
public static class NotebookOutputs
{
    public static JsonObject Stream(string name, string text) =>
        new() { ["name"] = name, ["output_type"] = "stream", ["text"] = SourceLines.ToJson(text) };

    public static JsonObject DisplayData(MimeBundle bundle) =>
        new() { ["data"] = Data(bundle), ["metadata"] = Metadata(bundle), ["output_type"] = "display_data" };

    public static JsonObject ExecuteResult(MimeBundle bundle, int executionCount) =>
        new() { ["data"] = Data(bundle), ["execution_count"] = executionCount, ["metadata"] = Metadata(bundle), ["output_type"] = "execute_result" };

    public static JsonObject Error(CellError error) => new()
    {
        ["ename"] = error.Name,
        ["evalue"] = error.Message,
        ["output_type"] = "error",
        ["traceback"] = new JsonArray(error.Traceback.Select(line => (JsonNode?)JsonValue.Create(line)).ToArray()),
    };

    /// <summary>
    /// MIME type → content as nbformat stores it: JSON types as JSON, text/* (and SVG, JavaScript) as lists
    /// of lines, other strings (base64 images) whole.
    /// </summary>
    public static JsonObject Data(MimeBundle bundle)
    {
        var data = new JsonObject();
        foreach (var (mime, content) in bundle.Data)
        {
            data[mime] = content switch
            {
                JsonNode node => node.DeepClone(),
                string text when mime.StartsWith("text/", StringComparison.Ordinal) || mime is "image/svg+xml" or "application/javascript" => SourceLines.ToJson(text),
                _ => JsonValue.Create(content.ToString()),
            };
        }
        return data;
    }

    internal static JsonObject Metadata(MimeBundle bundle)
    {
        var metadata = new JsonObject();
        foreach (var (mime, value) in bundle.Metadata ?? new Dictionary<string, JsonNode?>()) metadata[mime] = value?.DeepClone();
        return metadata;
    }
}
