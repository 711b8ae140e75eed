using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.Checkpoints;

namespace Workbench.Notebooks.Ipynb;

/// <summary>
/// A Jupyter notebook (nbformat 4) over its JSON: the engine reads and changes cells, sources and outputs,
/// and every field it does not know (notebook and cell metadata, attachments, ids) is written back as read.
/// </summary>
public sealed class Notebook
{
    private readonly JsonObject json;
    private readonly List<NotebookCell> cells;

    private Notebook(JsonObject json, List<NotebookCell> cells)
    {
        this.json = json;
        this.cells = cells;
    }

    /// <summary>The cells in order; insert with <see cref="InsertCodeCell"/>, remove with <see cref="RemoveCell"/>.</summary>
    public IReadOnlyList<NotebookCell> Cells => cells;

    public int FormatMinor => json["nbformat_minor"]?.GetValue<int>() ?? 0;

    public JsonObject Metadata => json["metadata"] as JsonObject ?? (JsonObject)(json["metadata"] = new JsonObject());

    /// <summary>Reads a notebook; a missing file, bad JSON or a format other than 4 is an error naming the file.</summary>
    public static Notebook Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"no notebook at '{path}'", path);
        return Parse(File.ReadAllText(path, Encoding.UTF8), path);
    }

    /// <param name="name">the file the text came from, for error messages</param>
    public static Notebook Parse(string text, string name)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{name}' is not a notebook: invalid JSON at line {e.LineNumber + 1}: {e.Message}", e);
        }
        if (root is not JsonObject obj || obj["nbformat"] is not JsonValue format || !format.TryGetValue<int>(out var major))
            throw new InvalidDataException($"'{name}' is not a Jupyter notebook (no nbformat number)");
        if (major != 4)
            throw new InvalidDataException($"'{name}' is nbformat {major}; only nbformat 4 notebooks are supported (convert it with: jupyter nbconvert --to notebook --inplace '{name}')");
        if (obj["cells"] is not JsonArray array)
            throw new InvalidDataException($"'{name}' is not a valid notebook: it has no list of cells");
        var cells = new List<NotebookCell>();
        for (int i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject cell || cell["cell_type"] is not JsonValue type || !type.TryGetValue<string>(out var kind))
                throw new InvalidDataException($"'{name}' is not a valid notebook: cell {i + 1} has no cell_type");
            if (kind is not ("code" or "markdown" or "raw"))
                throw new InvalidDataException($"'{name}' is not a valid notebook: cell {i + 1} has cell_type '{kind}'; nbformat 4 knows code, markdown and raw");
            if (!SourceLines.IsMultiline(cell["source"]))
                throw new InvalidDataException($"'{name}' is not a valid notebook: the source of cell {i + 1} is {JsonKind(cell["source"])}, not a string or a list of strings");
            cells.Add(new NotebookCell(cell));
        }
        return new Notebook(obj, cells);
    }

    private static string JsonKind(JsonNode? node) => node switch
    {
        JsonObject => "an object",
        JsonArray => "a list holding something other than strings",
        JsonValue v => $"a {v.GetValueKind().ToString().ToLowerInvariant()}",
        _ => "null",
    };

    /// <summary>A new code cell at <paramref name="index"/>, with an id when the format has ids (4.5 and later).</summary>
    public NotebookCell InsertCodeCell(int index, string source, params string[] tags)
    {
        var cell = new JsonObject { ["cell_type"] = "code", ["execution_count"] = null, ["metadata"] = new JsonObject(), ["outputs"] = new JsonArray() };
        if (FormatMinor >= 5) cell["id"] = CellIds.New(cells.Select(c => c.Id));
        if (tags.Length > 0) cell["metadata"]!["tags"] = new JsonArray(tags.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray());
        var added = new NotebookCell(cell) { Source = source };
        cells.Insert(index, added);
        return added;
    }

    public void RemoveCell(NotebookCell cell) => cells.Remove(cell);

    /// <summary>The notebook as Jupyter writes it (sources and text outputs as lists of lines).</summary>
    public string ToJson()
    {
        json["cells"] = new JsonArray(cells.Select(c =>
        {
            c.Json.Parent?.AsArray().Remove(c.Json);
            if (c.Json["source"] is JsonValue) c.Source = c.Source;
            return (JsonNode?)c.Json;
        }).ToArray());
        return JupyterJson.Write(json);
    }

    /// <summary>Writes the notebook all at once: a failure leaves the previous file as it was.</summary>
    public void Save(string path)
    {
        var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(ToJson());
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }
}
