using System.Text.Json.Nodes;

namespace Workbench.Notebooks.Kernel;

/// <summary>What a handler answers a request with: the reply's msg_type and content.</summary>
internal sealed record Reply(string MsgType, JsonObject Content)
{
    /// <summary>The reply type for a request type: execute_request → execute_reply.</summary>
    public static string TypeFor(string requestType) =>
        requestType.EndsWith("_request", StringComparison.Ordinal) ? requestType[..^"_request".Length] + "_reply" : requestType + "_reply";

    /// <summary>A status "error" reply, which the spec allows for any request, so a failed handler never leaves a client waiting.</summary>
    public static Reply Error(string requestType, Exception e) => new(TypeFor(requestType), new JsonObject
    {
        ["status"] = "error",
        ["ename"] = e.GetType().Name,
        ["evalue"] = e.Message,
        ["traceback"] = new JsonArray(e.ToString().Split('\n').Select(line => (JsonNode?)line.TrimEnd('\r')).ToArray()),
    });
}
