using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Workbench.Data;

namespace Workbench.Tests.EndToEnd;

/// <summary>
/// The notebooks the repository ships, run in quick mode as the README tells users to, sharing one
/// experiment cache (as a user's data/cache is shared) so later notebooks reuse earlier baselines.
/// </summary>
public sealed class ShippedNotebooks : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(8);
    private readonly TempFolder cache = new();
    public TempFolder Outputs { get; } = new();

    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string> { ["WORKBENCH_CACHE"] = cache.Path };

    public static string RepoFile(string relative) =>
        Path.Combine(DataPaths.FindRepoRoot(AppContext.BaseDirectory) ?? throw new DirectoryNotFoundException("repository root not found"), relative);

    /// <summary>Runs notebooks/<paramref name="name"/> with <c>workbench run</c> and returns the executed notebook.</summary>
    public ExecutedNotebook Run(string name)
    {
        var output = Outputs[name];
        var (exit, stdout, stderr) = CliProcess.Run(Timeout, Environment, "run", RepoFile($"notebooks/{name}"), "-o", output);
        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        return new ExecutedNotebook(output);
    }

    public void Dispose()
    {
        cache.Dispose();
        Outputs.Dispose();
    }
}

/// <summary>An executed notebook's code outputs, as the assertions need them.</summary>
public sealed class ExecutedNotebook(string path)
{
    public JsonNode Json { get; } = JsonNode.Parse(File.ReadAllText(path))!;

    public IReadOnlyList<JsonNode> Outputs => Json["cells"]!.AsArray().Where(c => (string?)c!["cell_type"] == "code")
        .SelectMany(c => c!["outputs"]!.AsArray()).Select(o => o!).ToList();

    public IReadOnlyList<JsonNode> Figures => Outputs.Where(o => o["data"]?["application/vnd.plotly.v1+json"] is not null).ToList();

    public IEnumerable<string> FigureTitles => Figures.Select(f => (string?)f["data"]!["application/vnd.plotly.v1+json"]!["layout"]?["title"]?["text"] ?? "");

    /// <summary>Everything printed and every plain-text result, in order.</summary>
    public string Text => string.Join("\n", Outputs.Select(o => Flat(o["text"]) + Flat(o["data"]?["text/plain"])));

    /// <summary>nbformat stores multi-line text as a list of lines.</summary>
    public static string Flat(JsonNode? node) => node is JsonArray lines ? string.Concat(lines.Select(l => (string?)l)) : (string?)node ?? "";

    /// <summary>
    /// The rows of every table shown as a value (its aligned text/plain form: a header, a rule of dashes, a line a
    /// row) that has all of <paramref name="columns"/>, each row by column name.
    /// </summary>
    public List<Dictionary<string, string>> Rows(params string[] columns)
    {
        var rows = new List<Dictionary<string, string>>();
        foreach (var text in Outputs.Select(o => Flat(o["data"]?["text/plain"])))
        {
            var lines = text.Split('\n');
            for (var r = 1; r < lines.Length; r++)
            {
                if (!Regex.IsMatch(lines[r], "^-+(  -+)*$")) continue;
                var spans = Regex.Matches(lines[r], "-+").Select(m => (m.Index, m.Length)).ToList();
                string Cell(string line, (int Index, int Length) span) =>
                    line.Length <= span.Index ? "" : line.Substring(span.Index, Math.Min(span.Length, line.Length - span.Index)).Trim();
                var headers = spans.Select(span => Cell(lines[r - 1], span)).ToList();
                if (!columns.All(c => headers.Contains(c, HeaderNames))) continue;
                foreach (var line in lines.Skip(r + 1).TakeWhile(l => l.Length > 0 && !l.StartsWith('…')))
                    rows.Add(headers.Zip(spans, (h, span) => (h, Cell(line, span))).ToDictionary(x => x.h, x => x.Item2, HeaderNames));
            }
        }
        return rows;
    }

    /// <summary>Tables title a property as words ("MapRatio" as "Map ratio", "MacReduction" as "MAC reduction"): either names it.</summary>
    private static readonly IEqualityComparer<string> HeaderNames = new HeaderComparer();

    private sealed class HeaderComparer : IEqualityComparer<string>
    {
        private static string Key(string name) => name.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();
        public bool Equals(string? x, string? y) => x is not null && y is not null && Key(x) == Key(y);
        public int GetHashCode(string name) => Key(name).GetHashCode(StringComparison.Ordinal);
    }

    public static double Number(string cell) => double.Parse(cell, CultureInfo.InvariantCulture);

    /// <summary>The numbers captured by the first group of every match of <paramref name="pattern"/> in <see cref="Text"/>.</summary>
    public double[] Numbers(string pattern) =>
        Regex.Matches(Text, pattern).Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToArray();
}
