using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Workbench.Notebooks.Kernel;

/// <summary>
/// The inputs (and text results) of the cells this kernel process ran with store_history, for
/// history_request: tail, range and search as the messaging spec describes them. Sessions are numbered
/// from 1 and a new one starts with each in-process restart; nothing is kept across kernel processes.
/// Only the shell thread uses it.
/// </summary>
internal sealed class KernelHistory
{
    private readonly List<(int Session, int Line, string Input, string? Output)> entries = [];
    private int session = 1;

    public void StartSession() => session++;

    public void Add(int line, string input, string? output) => entries.Add((session, line, input, output));

    /// <summary>The history_reply's "history" list for <paramref name="request"/>; an unknown access type gives none.</summary>
    public JsonArray Reply(JupyterMessage request)
    {
        var withOutput = request.Get("output", false);
        var found = request.Get("hist_access_type", "") switch
        {
            "tail" => Tail(entries, request.Get("n", 10)),
            "range" => Range(request.Get("session", 0), request.Get("start", 0), request.Content["stop"] is JsonValue ? request.Get("stop", int.MaxValue) : int.MaxValue),
            "search" => Search(request.Get("pattern", "*"), request.Get("unique", false), request.Content["n"] is JsonValue ? request.Get("n", int.MaxValue) : int.MaxValue),
            _ => [],
        };
        return new JsonArray(found.Select(e => (JsonNode?)new JsonArray(e.Session, e.Line,
            withOutput ? new JsonArray(e.Input, e.Output) : (JsonNode)e.Input)).ToArray());
    }

    private static IEnumerable<(int Session, int Line, string Input, string? Output)> Tail(IReadOnlyList<(int, int, string, string?)> from, int n) =>
        from.Skip(Math.Max(0, from.Count - Math.Max(0, n)));

    /// <summary>Lines start ≤ line &lt; stop of a session: 0 is the current one, a negative number counts back from it.</summary>
    private IEnumerable<(int Session, int Line, string Input, string? Output)> Range(int which, int start, int stop)
    {
        var wanted = which > 0 ? which : session + which;
        return entries.Where(e => e.Session == wanted && e.Line >= start && e.Line < stop);
    }

    /// <summary>
    /// Inputs matching a glob (* any text, ? one character, over the whole input), the last <paramref name="n"/>;
    /// with <paramref name="unique"/> an input repeated counts once, at its latest run.
    /// </summary>
    private IEnumerable<(int Session, int Line, string Input, string? Output)> Search(string pattern, bool unique, int n)
    {
        var glob = new Regex("^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$", RegexOptions.Singleline);
        var matches = entries.Where(e => glob.IsMatch(e.Input)).ToList();
        if (unique) matches = matches.Where((e, i) => !matches.Skip(i + 1).Any(later => later.Input == e.Input)).ToList();
        return Tail(matches, n);
    }
}
