using System.Text.Json.Nodes;
using Workbench.Notebooks.Execution;

namespace Workbench.Notebooks.Kernel;

/// <summary>
/// execute_request: publishes execute_input, runs the cell with its outputs going to iopub, publishes
/// execute_result or error, and builds the execute_reply. The cell can be interrupted from the control thread.
/// </summary>
internal sealed class CellRunner(IopubChannel iopub, StdinChannel stdin, RunningCell running)
{
    private readonly PlotlyDelivery plotly = new();

    /// <summary>Runs the request's code; <paramref name="abortQueue"/> says whether queued execute requests must now be aborted.</summary>
    public Reply Execute(ICodeSession session, KernelHistory history, JupyterMessage request, out bool abortQueue)
    {
        var silent = request.Get("silent", false);
        // The spec: silent forces store_history off, and only a stored execution moves the counter.
        var storeHistory = !silent && request.Get("store_history", true);
        var stopOnError = request.Get("stop_on_error", true);
        if (CodeOf(request) is not { } code)
        {
            // Running "" instead would answer "ok" to a request that never said what to run.
            abortQueue = false;
            return Refused(session, request, silent);
        }
        if (!silent) iopub.Publish(request, "execute_input", new JsonObject { ["code"] = code, ["execution_count"] = session.ExecutionCount + (storeHistory ? 1 : 0) });

        Func<string, bool, string>? askInput = request.Get("allow_stdin", false)
            ? (prompt, password) => stdin.Ask(request, prompt, password, running.Token)
            : null;
        var outcome = Run(session, code, new IopubOutputSink(iopub, request, silent, plotly, askInput), storeHistory);
        if (storeHistory) history.Add(outcome.ExecutionCount, code, outcome.Result?.Data.GetValueOrDefault("text/plain") as string);
        // The spec: a silent request broadcasts nothing, and only a visible failure stops the queue.
        abortQueue = outcome.Error is not null && stopOnError && !silent;
        if (outcome.Error is { } error)
        {
            var content = ErrorContent(error);
            if (!silent) iopub.Publish(request, "error", content);
            content = (JsonObject)content.DeepClone();
            content["status"] = "error";
            content["execution_count"] = outcome.ExecutionCount;
            return new Reply("execute_reply", content);
        }
        if (outcome.Result is { } shown && !silent && plotly.ForPageOf(request, shown) is var result)
            iopub.Publish(request, "execute_result", new JsonObject
            {
                ["execution_count"] = outcome.ExecutionCount,
                ["data"] = MimeBundleJson.Data(result),
                ["metadata"] = MimeBundleJson.Metadata(result),
            });
        return new Reply("execute_reply", new JsonObject
        {
            ["status"] = "ok",
            ["execution_count"] = outcome.ExecutionCount,
            ["payload"] = new JsonArray(),
            ["user_expressions"] = UserExpressions.Evaluate(request, expression => Run(session, expression, new DiscardedOutput(), storeHistory: false)),
        });
    }


    private static string? CodeOf(JupyterMessage request) =>
        request.Content["code"] is JsonValue value && value.TryGetValue<string>(out var code) ? code : null;

    private Reply Refused(ICodeSession session, JupyterMessage request, bool silent)
    {
        var given = request.Content["code"] is { } node ? $"a {node.GetValueKind().ToString().ToLowerInvariant()}" : "missing";
        var message = $"execute_request content has no 'code' string ('code' is {given}); nothing was run";
        var content = ErrorContent(new CellError("InvalidRequest", message, [$"InvalidRequest: {message}"]));
        if (!silent) iopub.Publish(request, "error", content);
        content = (JsonObject)content.DeepClone();
        content["status"] = "error";
        content["execution_count"] = session.ExecutionCount;
        return new Reply("execute_reply", content);
    }

    /// <summary>The reply to an execute_request skipped because an earlier cell failed (stop_on_error).</summary>
    public static Reply Aborted() => new("execute_reply", new JsonObject { ["status"] = "aborted" });

    private CellOutcome Run(ICodeSession session, string code, IOutputSink sink, bool storeHistory)
    {
        var cancellation = running.Begin();
        try
        {
            // The shell thread waits for the cell: shell requests are handled strictly in order.
            return session.ExecuteAsync(code, sink, cancellation, storeHistory).GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            // The session should turn failures into an outcome; one that throws must still not take the kernel down.
            var name = e is OperationCanceledException && cancellation.IsCancellationRequested ? "Interrupted" : e.GetType().Name;
            return new CellOutcome(session.ExecutionCount, null, new CellError(name, e.Message, e.ToString().Split('\n')));
        }
        finally
        {
            running.End();
        }
    }

    /// <summary>The ename/evalue/traceback fields of an error message or reply.</summary>
    public static JsonObject ErrorContent(CellError error) => new()
    {
        ["ename"] = error.Name,
        ["evalue"] = error.Message,
        ["traceback"] = new JsonArray(error.Traceback.Select(line => (JsonNode?)line).ToArray()),
    };
}
