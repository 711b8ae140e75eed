using System.Text.Json.Nodes;
using Workbench.Notebooks.Execution;

namespace Workbench.Tests.Notebooks.Kernel;

/// <summary>
/// A scripted stand-in for the C# session, so the kernel's transport is tested on its own. Each line of a
/// cell is one command: "print TEXT", "stderr TEXT", "value TEXT" (the cell's result), "display ID TEXT",
/// "update ID TEXT", "fail TEXT" (an error outcome), "throw TEXT" (ExecuteAsync throws), "loop" (runs
/// until interrupted), "sleep MS", "session" (the result is this session's number, to see restarts).
/// </summary>
public sealed class FakeSession : ICodeSession
{
    private static int created;

    public int Number { get; } = Interlocked.Increment(ref created);
    public int ExecutionCount { get; private set; }
    public bool Disposed { get; private set; }

    public async Task<CellOutcome> ExecuteAsync(string code, IOutputSink output, CancellationToken cancellation = default, bool storeHistory = true)
    {
        var count = storeHistory ? ++ExecutionCount : ExecutionCount;
        MimeBundle? result = null;
        foreach (var line in code.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var (command, argument) = line.IndexOf(' ') is var space and > 0 ? (line[..space], line[(space + 1)..]) : (line, "");
            switch (command)
            {
                case "print": output.Stream("stdout", argument + "\n"); break;
                case "stderr": output.Stream("stderr", argument + "\n"); break;
                case "value": result = MimeBundle.PlainText(argument); break;
                case "display": output.Display(Bundle(argument), argument.Split(' ')[0]); break;
                case "update": output.UpdateDisplay(Bundle(argument), argument.Split(' ')[0]); break;
                case "session": result = MimeBundle.PlainText(Number.ToString()); break;
                case "fail": return new CellOutcome(count, null, new CellError("FakeError", argument, ["FakeError: " + argument, "  at line 1"]));
                case "throw": throw new InvalidOperationException(argument);
                case "sleep": await Task.Delay(int.Parse(argument), CancellationToken.None); break;
                case "loop":
                    output.Stream("stdout", "looping\n");
                    try
                    {
                        await Task.Delay(Timeout.Infinite, cancellation);
                    }
                    catch (OperationCanceledException)
                    {
                        return new CellOutcome(count, null, new CellError("OperationCanceledException", "interrupted", ["interrupted"]));
                    }
                    break;
                default: return new CellOutcome(count, null, new CellError("UnknownCommand", line, [line]));
            }
        }
        return new CellOutcome(count, result, null);
    }

    /// <summary>"ID TEXT" as a bundle with plain text and HTML, the HTML carrying metadata.</summary>
    private static MimeBundle Bundle(string argument)
    {
        var text = argument[(argument.IndexOf(' ') + 1)..];
        return new MimeBundle(
            new Dictionary<string, object> { ["text/plain"] = text, ["text/html"] = $"<b>{text}</b>", ["application/json"] = new JsonObject { ["text"] = text } },
            new Dictionary<string, JsonNode?> { ["text/html"] = new JsonObject { ["isolated"] = false } });
    }

    /// <summary>Code ending in "{" is incomplete, code containing "@@" is invalid.</summary>
    public Task<CodeCompleteness> IsCompleteAsync(string code) => Task.FromResult(
        code.Contains("@@") ? CodeCompleteness.Invalid : code.TrimEnd().EndsWith('{') ? CodeCompleteness.Incomplete : CodeCompleteness.Complete);

    /// <summary>Completes the word before the cursor (a UTF-16 index) from a fixed list.</summary>
    public Task<Completion> CompleteAsync(string code, int cursorPosition)
    {
        int start = cursorPosition;
        while (start > 0 && char.IsLetter(code[start - 1])) start--;
        var prefix = code[start..cursorPosition];
        string[] words = ["Console", "Convert", "Math"];
        return Task.FromResult(new Completion(words.Where(w => w.StartsWith(prefix, StringComparison.Ordinal)).ToArray(), start, cursorPosition));
    }

    /// <summary>"Math" (at or before the cursor) is documented; everything else is unknown.</summary>
    public Task<string?> InspectAsync(string code, int cursorPosition) =>
        Task.FromResult(code.IndexOf("Math", StringComparison.Ordinal) is var at and >= 0 && cursorPosition >= at && cursorPosition <= at + 4
            ? "static class System.Math\n\nFake documentation of Math." : null);

    public void Dispose() => Disposed = true;
}
