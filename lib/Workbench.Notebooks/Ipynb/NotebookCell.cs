using System.Text.Json.Nodes;

namespace Workbench.Notebooks.Ipynb;

/// <summary>
/// One cell over its JSON object: the fields the engine uses are properties, and everything else
/// (metadata it does not know, attachments, ids) stays in the object untouched.
/// </summary>
public sealed class NotebookCell
{
    internal NotebookCell(JsonObject json) => Json = json;

    internal JsonObject Json { get; }

    /// <summary>"code", "markdown" or "raw".</summary>
    public string CellType => Json["cell_type"]!.GetValue<string>();

    public bool IsCode => CellType == "code";

    public string? Id => Json["id"]?.GetValue<string>();

    public string Source
    {
        get => SourceLines.Read(Json["source"]);
        set => Json["source"] = SourceLines.ToJson(value);
    }

    public JsonObject Metadata => Json["metadata"] as JsonObject ?? (JsonObject)(Json["metadata"] = new JsonObject());

    public IReadOnlyList<string> Tags =>
        (Metadata["tags"] as JsonArray)?.Select(t => t?.GetValue<string>()).OfType<string>().ToList() ?? [];

    public int? ExecutionCount
    {
        get => Json["execution_count"]?.GetValue<int>();
        set => Json["execution_count"] = value;
    }

    /// <summary>The outputs of a code cell, in nbformat's shapes (see <see cref="NotebookOutputs"/>).</summary>
    public JsonArray Outputs => Json["outputs"] as JsonArray ?? (JsonArray)(Json["outputs"] = new JsonArray());

    /// <summary>Back to "never run": no outputs, no execution count.</summary>
    public void ClearOutputs()
    {
        if (!IsCode) return;
        Json["outputs"] = new JsonArray();
        Json["execution_count"] = null;
    }
}
