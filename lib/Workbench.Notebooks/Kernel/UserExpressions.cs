using System.Text.Json.Nodes;
using Workbench.Notebooks.Execution;

namespace Workbench.Notebooks.Kernel;

/// <summary>
/// An execute_request's user_expressions, evaluated after its cell succeeded (as IPython does) for the
/// execute_reply: per name, status ok with the value's MIME bundle, or status error with the error.
/// </summary>
internal static class UserExpressions
{
    /// <param name="evaluate">runs one expression in the session, unstored and with its side outputs dropped</param>
    public static JsonObject Evaluate(JupyterMessage request, Func<string, CellOutcome> evaluate)
    {
        var results = new JsonObject();
        if (request.Content["user_expressions"] is not JsonObject expressions) return results;
        foreach (var (name, node) in expressions)
        {
            if (node is not JsonValue value || !value.TryGetValue<string>(out var expression))
            {
                var why = $"user expression '{name}' is not a string";
                results[name] = Error(new CellError("InvalidRequest", why, [$"InvalidRequest: {why}"]));
                continue;
            }
            var outcome = evaluate(expression);
            results[name] = outcome.Error is { } error ? Error(error) : new JsonObject
            {
                ["status"] = "ok",
                ["data"] = outcome.Result is { } bundle ? MimeBundleJson.Data(bundle) : new JsonObject(),
                ["metadata"] = outcome.Result is { } withMetadata ? MimeBundleJson.Metadata(withMetadata) : new JsonObject(),
            };
        }
        return results;
    }

    private static JsonObject Error(CellError error)
    {
        var content = CellRunner.ErrorContent(error);
        content["status"] = "error";
        return content;
    }
}
