namespace Workbench.Notebooks.Execution;

/// <summary>
/// A cell's code as the compiler gets it. Cells are C# only. Leading .NET Interactive magic lines that the
/// engine honours are blanked with spaces, keeping line numbers and offsets: <c>#!csharp</c> (the language
/// marker) and <c>#!time</c> (time the cell, as Polyglot did). Any other magic (<c>#!fsharp</c>, <c>%time</c>)
/// is refused with a clear error rather than a confusing compile error. Package lines (<c>#r "nuget:..."</c>,
/// <c>#i "nuget:..."</c>) are left for <see cref="Packages.PackageDirectives"/>.
/// </summary>
internal static class CellSource
{
    private static readonly string[] CSharpMarkers = ["#!csharp", "#!c#"];
    private const string Time = "#!time";

    /// <summary>The code to compile, whether the cell asked to be timed, or the reason it cannot run.</summary>
    public sealed record Prepared(string Code, string? Refusal, bool Timed);

    public static Prepared Prepare(string cell)
    {
        var code = cell;
        var timed = false;
        var start = 0;
        while (start < code.Length)
        {
            var end = code.IndexOf('\n', start);
            if (end < 0) end = code.Length;
            var line = code[start..end].Trim();
            if (line.Length == 0) { start = end + 1; continue; }
            var isMarker = CSharpMarkers.Contains(line, StringComparer.OrdinalIgnoreCase);
            var isTime = string.Equals(line, Time, StringComparison.OrdinalIgnoreCase);
            if (!isMarker && !isTime)
            {
                if (line.StartsWith("#!", StringComparison.Ordinal) || (start == 0 && line.StartsWith('%')))
                    return new Prepared(cell, $"'{line}' is not supported: cells are C# only and the engine's only magics are #!csharp and #!time; remove that line", false);
                break;
            }
            timed |= isTime;
            code = code[..start] + new string(' ', end - start) + code[end..];
            start = end + 1;
        }
        return new Prepared(code, null, timed);
    }
}
