using System.Text.Json.Nodes;

namespace Workbench.Tests.Notebooks.Kernel;

/// <summary>
/// The real kernel process through jupyter_client, with the checks of the Jupyter project's
/// jupyter_kernel_test (kernel_info, execute results and displays, errors, complete, is_complete, history,
/// inspect, stdin) and what messaging protocol 5.3 asks beyond them: execution_count, user_expressions,
/// comm_close for unknown targets, and an interrupt of a cell that cannot stop. One kernel serves the
/// whole scenario; each test checks its part.
/// </summary>
public sealed class KernelProtocolTests
{
    private const string Scenario = """
        import queue
        from jupyter_client.session import Session

        def step(name, action):
            "Runs one step; a failing one is recorded, and what is left of it dropped, so the steps after it still run."
            try:
                out[name] = action()
            except Exception as e:
                out[name] = {"failed": repr(e)}
                time.sleep(1)
                for get in (c.get_shell_msg, c.get_iopub_msg, c.get_stdin_msg):
                    try:
                        while True:
                            get(timeout=0.2)
                    except queue.Empty:
                        pass

        def request(name, **kw):
            msg_id = getattr(c, name)(**kw)
            reply = shell_reply(msg_id)
            iopub_for(msg_id)
            return reply["content"]

        def run_with_input(code, answers):
            msg_id = c.execute(code, allow_stdin=True)
            asked = []
            for answer in answers:
                m = c.get_stdin_msg(timeout=15)
                asked.append({"type": m["msg_type"], "content": m["content"], "parent": m["parent_header"].get("msg_id") == msg_id})
                c.input(answer)
            return {"asked": asked, "reply": shell_reply(msg_id), "iopub": iopub_for(msg_id)}

        def open_comm():
            msg = c.session.msg("comm_open", {"comm_id": "w1", "target_name": "jupyter.widget.version", "data": {}})
            c.shell_channel.send(msg)
            return iopub_for(msg["header"]["msg_id"])

        def charts_per_page():
            # Two charts from this client, then one from a second client on the same kernel (a second front end or a
            # reloaded page: a session of its own). Only whether each HTML carries plotly.js is kept.
            global c
            chart = "Chart.Line<double, double, string>(new[] { 1.0, 2 }, new[] { 2.0, 1 })"
            def embedded(r):
                return ["data-workbench-plotly-js" in m["content"]["data"].get("text/html", "") for m in r["iopub"] if m["type"] == "execute_result"]
            first, again = embedded(run(chart)), embedded(run(chart))
            # A Session of its own: km.client() would share the manager's, and with it the session id.
            main, other = c, km.client(session=Session(key=c.session.key, signature_scheme=c.session.signature_scheme))
            other.start_channels()
            other.wait_for_ready(timeout=TIMEOUT)
            c = other
            try:
                second_page = embedded(run(chart))
            finally:
                c = main
                other.stop_channels()
            return {"first": first, "again": again, "second_page": second_page}

        def interrupt_while_asking():
            msg_id = c.execute("var never = Console.ReadLine();", allow_stdin=True)
            c.get_stdin_msg(timeout=15)
            km.interrupt_kernel()
            return {"reply": shell_reply(msg_id), "iopub": iopub_for(msg_id)}

        def interrupt_blocked_cell():
            # A cell blocked where no interrupt reaches, interrupted as Jupyter does (interrupt_mode message: interrupt_request
            # on control), with the next cell sent at once. The blocked cell has stop_on_error off, so its failure does not
            # abort the next. Every iopub message is kept, in arrival order, up to the next cell's idle.
            blocked = c.execute("Console.WriteLine(\"started\");\nSystem.Threading.Thread.Sleep(6000);\nConsole.WriteLine(\"late\");", stop_on_error=False)
            seen = []
            while not any(m["parent"] == blocked and m["type"] == "stream" for m in seen):
                m = c.get_iopub_msg(timeout=TIMEOUT)
                # Earlier steps' leftovers (the second client's charts, 4.8 MB each) are not kept.
                if m["parent_header"].get("msg_id") == blocked:
                    seen.append({"parent": blocked, "type": m["msg_type"], "content": m["content"]})
            start = time.time()
            km.interrupt_kernel()
            following = c.execute("Console.WriteLine(\"next ran\");")
            while True:
                m = c.get_iopub_msg(timeout=TIMEOUT)
                seen.append({"parent": m["parent_header"].get("msg_id"), "type": m["msg_type"], "content": m["content"], "after": time.time() - start})
                if m["parent_header"].get("msg_id") == following and m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                    break
            return {"blocked": blocked, "following": following, "seen": seen,
                    "replies": [shell_reply(blocked)["content"], shell_reply(following)["content"]]}

        step("info", lambda: c.kernel_info(reply=True, timeout=TIMEOUT)["content"])
        step("first", lambda: run("var x = 20;\nx + 1"))
        step("silent", lambda: run("x = 30;", silent=True))
        step("unstored", lambda: run("x + 2", store_history=False))
        step("second", lambda: run("Console.WriteLine(\"hi\");\nx"))
        step("expressions", lambda: run("var y = 5;", user_expressions={"double": "y * 2", "text": "\"a\" + \"b\"", "bad": "nosuch + 1"}))
        step("after_expressions", lambda: run("y"))

        step("tail", lambda: request("history", hist_access_type="tail", n=2, output=False, raw=True))
        step("range", lambda: request("history", hist_access_type="range", session=0, start=1, stop=3, output=False, raw=True))
        step("range_output", lambda: request("history", hist_access_type="range", session=0, start=1, stop=2, output=True, raw=True))
        step("search", lambda: request("history", hist_access_type="search", pattern="Console*", output=False, raw=True, n=5))

        step("inspect_type", lambda: request("inspect", code="Math.Sqrt(2)", cursor_pos=2))
        step("inspect_method", lambda: request("inspect", code="Math.Sqrt(2)", cursor_pos=9))
        step("inspect_library", lambda: request("inspect", code="Interrupt.ThrowIfRequested();", cursor_pos=4))
        step("inspect_variable", lambda: request("inspect", code="x + y", cursor_pos=1))
        step("inspect_nothing", lambda: request("inspect", code="1 + 2", cursor_pos=2))
        step("complete", lambda: request("complete", code="Console.WriteL", cursor_pos=14))
        step("is_complete", lambda: [request("is_complete", code=code)["status"] for code in ["var a = 1;", "if (true) {", "var a = ;)"]])

        step("comm_open", open_comm)
        step("comm_info", lambda: request("comm_info"))

        step("readline", lambda: run_with_input("Console.Write(\"Name: \");\nvar name = Console.ReadLine();\n\"hello \" + name", ["Ada"]))
        step("get_input", lambda: run_with_input(
            "using Microsoft.DotNet.Interactive;\nvar n = await Kernel.GetInputAsync(\"Number?\");\nvar p = await Kernel.GetPasswordAsync(\"Secret?\");\n$\"{n} {p} {p.GetClearTextPassword().Length}\"",
            ["7", "hunter2"]))
        step("interrupt_input", interrupt_while_asking)
        step("no_stdin", lambda: run("Console.ReadLine()", allow_stdin=False))

        step("stderr", lambda: run("Console.Error.WriteLine(\"to stderr\");"))
        step("display", lambda: run("display(\"shown\");"))
        step("error", lambda: run("throw new InvalidOperationException(\"boom\");"))
        step("compile_error", lambda: run("int z = \"s\";"))

        step("charts", charts_per_page)
        step("interrupt", interrupt_blocked_cell)
        """;

    private static readonly Lazy<JsonNode> Result = new(() => JsonNode.Parse(RealKernel.Run(Scenario, TimeSpan.FromSeconds(150)))!);

    /// <summary>A step's record, failing the test with the step's error when the step failed in the scenario.</summary>
    private static JsonNode Step(string name)
    {
        var node = Result.Value[name];
        Assert.True(node is not null, $"the scenario has no step '{name}'");
        var failed = (node as JsonObject)?["failed"];
        Assert.True(failed is null, $"step '{name}' failed in the scenario: {failed}");
        return node;
    }

    private static string Text(JsonNode? node) => node!.GetValue<string>();

    private static int Count(JsonNode run) => run["reply"]!["content"]!["execution_count"]!.GetValue<int>();

    private static JsonNode? Published(JsonNode run, string type) => run["iopub"]!.AsArray().FirstOrDefault(m => Text(m!["type"]) == type)?["content"];

    private static string Streams(JsonNode run) =>
        string.Concat(run["iopub"]!.AsArray().Where(m => Text(m!["type"]) == "stream").Select(m => Text(m!["content"]!["text"])));

    [Fact]
    public void KernelInfoDescribesTheCSharpKernel()
    {
        var info = Step("info");
        Assert.Equal("5.3", Text(info["protocol_version"]));
        Assert.Equal("csharp", Text(info["language_info"]!["name"]));
        Assert.Equal(".cs", Text(info["language_info"]!["file_extension"]));
    }

    [Fact]
    public void OnlyStoredExecutionsMoveTheExecutionCount()
    {
        Assert.Equal(1, Count(Step("first")));
        Assert.Equal("21", Text(Published(Step("first"), "execute_result")!["data"]!["text/plain"]));
        // silent=True: no count, nothing published, and the assignment still ran.
        Assert.Equal(1, Count(Step("silent")));
        Assert.Null(Published(Step("silent"), "execute_input"));
        // store_history=False: runs and publishes under the current count.
        Assert.Equal(1, Count(Step("unstored")));
        Assert.Equal(1, Published(Step("unstored"), "execute_input")!["execution_count"]!.GetValue<int>());
        var unstoredResult = Published(Step("unstored"), "execute_result")!;
        Assert.Equal(("32", 1), (Text(unstoredResult["data"]!["text/plain"]), unstoredResult["execution_count"]!.GetValue<int>()));
        Assert.Equal(2, Count(Step("second")));
        Assert.Equal(2, Published(Step("second"), "execute_input")!["execution_count"]!.GetValue<int>());
        Assert.Equal("hi\n", Streams(Step("second")));
        Assert.Equal("30", Text(Published(Step("second"), "execute_result")!["data"]!["text/plain"]));
        // Evaluating user expressions counts nothing either.
        Assert.Equal(3, Count(Step("expressions")));
        Assert.Equal(4, Count(Step("after_expressions")));
    }

    [Fact]
    public void UserExpressionsComeBackEvaluatedOrWithTheirError()
    {
        var expressions = Step("expressions")["reply"]!["content"]!["user_expressions"]!;
        Assert.Equal("ok", Text(expressions["double"]!["status"]));
        Assert.Equal("10", Text(expressions["double"]!["data"]!["text/plain"]));
        Assert.NotNull(expressions["double"]!["metadata"]!.AsObject());
        Assert.Equal("ab", Text(expressions["text"]!["data"]!["text/plain"]));
        var bad = expressions["bad"]!;
        Assert.Equal(("error", "CompilationError"), (Text(bad["status"]), Text(bad["ename"])));
        Assert.Contains("nosuch", Text(bad["evalue"]));
        Assert.NotEmpty(bad["traceback"]!.AsArray());
    }

    [Fact]
    public void HistoryHoldsTheStoredInputsForTailRangeAndSearch()
    {
        static string[][] Entries(JsonNode reply) =>
            reply["history"]!.AsArray().Select(e => new[] { e![0]!.GetValue<int>().ToString(), e[1]!.GetValue<int>().ToString(), Text(e[2]) }).ToArray();
        Assert.Equal("ok", Text(Step("tail")["status"]));
        Assert.Equal([["1", "3", "var y = 5;"], ["1", "4", "y"]], Entries(Step("tail")));
        // Lines 1 and 2: the silent and unstored runs between them are not history.
        Assert.Equal([["1", "1", "var x = 20;\nx + 1"], ["1", "2", "Console.WriteLine(\"hi\");\nx"]], Entries(Step("range")));
        var withOutput = Step("range_output")["history"]!.AsArray().Single()!;
        Assert.Equal(["var x = 20;\nx + 1", "21"], withOutput[2]!.AsArray().Select(Text));
        Assert.Equal([["1", "2", "Console.WriteLine(\"hi\");\nx"]], Entries(Step("search")));
    }

    [Fact]
    public void InspectShowsTheSignatureAndDocumentationAtTheCursor()
    {
        var type = Step("inspect_type");
        Assert.True(type["found"]!.GetValue<bool>());
        var typeText = Text(type["data"]!["text/plain"]);
        Assert.StartsWith("class System.Math", typeText);
        Assert.Contains("Provides constants and static methods for trigonometric", typeText);
        var method = Text(Step("inspect_method")["data"]!["text/plain"]);
        Assert.StartsWith("static double System.Math.Sqrt(double d)", method);
        Assert.Contains("Returns the square root of a specified number.", method);
        // The workbench's own types carry the summary of their XML documentation, cross references by name.
        var library = Text(Step("inspect_library")["data"]!["text/plain"]);
        Assert.StartsWith("class Workbench.Interrupt\n", library);
        Assert.Contains("The ambient \"stop what you are doing\" signal.", library);
        Assert.Contains("User code can call Interrupt.ThrowIfRequested in its own loops.", library);
        // A cell's variable shows with its type, not the script's submission class.
        Assert.Equal("int x", Text(Step("inspect_variable")["data"]!["text/plain"]).Split('\n')[0]);
        Assert.False(Step("inspect_nothing")["found"]!.GetValue<bool>());
        Assert.Equal("ok", Text(Step("inspect_nothing")["status"]));
    }

    [Fact]
    public void CompleteAndIsCompleteAnswer()
    {
        var complete = Step("complete");
        Assert.Contains("WriteLine", complete["matches"]!.AsArray().Select(Text));
        Assert.Equal((8, 14), (complete["cursor_start"]!.GetValue<int>(), complete["cursor_end"]!.GetValue<int>()));
        Assert.Equal(["complete", "incomplete", "invalid"], Step("is_complete").AsArray().Select(Text));
    }

    [Fact]
    public void AnUnknownCommTargetIsClosedAtOnce()
    {
        var messages = Step("comm_open").AsArray();
        var close = messages.Single(m => Text(m!["type"]) == "comm_close")!["content"]!;
        Assert.Equal("w1", Text(close["comm_id"]));
        Assert.Empty(close["data"]!.AsObject());
        Assert.Equal("ok", Text(Step("comm_info")["status"]));
        Assert.Empty(Step("comm_info")["comms"]!.AsObject());
    }

    [Fact]
    public void ConsoleReadLineAsksTheFrontEndThroughStdin()
    {
        var run = Step("readline");
        var asked = run["asked"]!.AsArray().Single()!;
        Assert.Equal("input_request", Text(asked["type"]));
        Assert.True(asked["parent"]!.GetValue<bool>());
        Assert.False(asked["content"]!["password"]!.GetValue<bool>());
        // The prompt written before asking went out first.
        Assert.Equal("Name: ", Streams(run));
        Assert.Equal("hello Ada", Text(Published(run, "execute_result")!["data"]!["text/plain"]));
    }

    [Fact]
    public void KernelGetInputAndGetPasswordAskAsPolyglotDid()
    {
        var run = Step("get_input");
        var asked = run["asked"]!.AsArray();
        Assert.Equal(("Number?", false), (Text(asked[0]!["content"]!["prompt"]), asked[0]!["content"]!["password"]!.GetValue<bool>()));
        Assert.Equal(("Secret?", true), (Text(asked[1]!["content"]!["prompt"]), asked[1]!["content"]!["password"]!.GetValue<bool>()));
        // The password shows as asterisks; its clear text was received whole.
        Assert.Equal("7 ************ 7", Text(Published(run, "execute_result")!["data"]!["text/plain"]));
    }

    [Fact]
    public void AnInterruptEndsTheWaitForInput()
    {
        var reply = Step("interrupt_input")["reply"]!["content"]!;
        Assert.Equal(("error", "Interrupted"), (Text(reply["status"]), Text(reply["ename"])));
    }

    [Fact]
    public void WithoutAllowStdinReadingInputFailsClearly()
    {
        var reply = Step("no_stdin")["reply"]!["content"]!;
        Assert.Equal(("error", "StdinNotImplementedException"), (Text(reply["status"]), Text(reply["ename"])));
        Assert.Contains("allow_stdin=false", Text(reply["evalue"]));
    }

    [Fact]
    public void DisplaysAndErrorsArePublished()
    {
        Assert.Equal("shown", Text(Published(Step("display"), "display_data")!["data"]!["text/plain"]));
        var stderr = Published(Step("stderr"), "stream")!;
        Assert.Equal(("stderr", "to stderr\n"), (Text(stderr["name"]), Text(stderr["text"])));
        var error = Published(Step("error"), "error")!;
        Assert.Equal(("InvalidOperationException", "boom"), (Text(error["ename"]), Text(error["evalue"])));
        Assert.Equal("error", Text(Step("error")["reply"]!["content"]!["status"]));
        Assert.Equal("CompilationError", Text(Published(Step("compile_error"), "error")!["ename"]));
    }

    [Fact]
    public void EveryPageGetsPlotlyJsWithItsFirstChartAndOnlyThen()
    {
        var charts = Step("charts");
        static bool[] Flags(JsonNode node) => node.AsArray().Select(b => b!.GetValue<bool>()).ToArray();
        Assert.Equal([true], Flags(charts["first"]!));
        Assert.Equal([false], Flags(charts["again"]!));
        Assert.Equal([true], Flags(charts["second_page"]!));
    }

    [Fact]
    public void AnInterruptedBlockedCellKeepsTheKernelBusyThenTheNextCellRuns()
    {
        var interrupt = Step("interrupt");
        var blocked = Text(interrupt["blocked"]);
        var seen = interrupt["seen"]!.AsArray().Select(m => m!).ToList();
        bool Of(JsonNode m, string id) => m["parent"] is JsonValue p && Text(p) == id;
        bool IsIdle(JsonNode m) => Text(m["type"]) == "status" && Text(m["content"]!["execution_state"]) == "idle";
        var idle = seen.FindIndex(m => Of(m, blocked) && IsIdle(m));
        Assert.True(idle >= 0, "the blocked cell never went idle");
        // Nothing of the blocked cell after its idle; its late line before it, after the note saying what happens.
        Assert.DoesNotContain(seen.Skip(idle + 1), m => Of(m, blocked));
        var streams = seen.Take(idle).Where(m => Of(m, blocked) && Text(m["type"]) == "stream").Select(m => Text(m["content"]!["text"])).ToList();
        var note = streams.FindIndex(t => t.Contains("blocked outside any loop", StringComparison.Ordinal));
        Assert.True(note >= 0, string.Join("|", streams));
        Assert.True(note < streams.IndexOf("late\n"), string.Join("|", streams));
        // The note came while the cell was still blocked, not when it ended (6 s after it started).
        var noteMessage = seen.First(m => Of(m, blocked) && Text(m["type"]) == "stream" && Text(m["content"]!["text"]).Contains("blocked outside any loop", StringComparison.Ordinal));
        Assert.True(noteMessage["after"]!.GetValue<double>() < 4.5, $"the note came {noteMessage["after"]} s after the interrupt");

        var replies = interrupt["replies"]!.AsArray();
        Assert.Equal(("error", "Interrupted"), (Text(replies[0]!["status"]), Text(replies[0]!["ename"])));
        Assert.Contains("could not stop", Text(replies[0]!["evalue"]));
        // The next cell waited for the blocked one and ran.
        Assert.Equal("ok", Text(replies[1]!["status"]));
        var following = Text(interrupt["following"]);
        Assert.Contains(seen, m => Of(m, following) && Text(m["type"]) == "stream" && Text(m["content"]!["text"]) == "next ran\n");
    }
}
