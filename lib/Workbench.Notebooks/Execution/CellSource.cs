namespace Workbench.Notebooks.Execution;

/// <summary>
/// A cell's code as the compiler gets it. Cells are C# only: a first line <c>#!csharp</c> (the .NET Interactive
/// language marker) is accepted and blanked with spaces, keeping line numbers and offsets; any other magic (<c>#!fsharp</c>,
/// <c>%time</c>) is refused with a clear error rather than a confusing compile error. Package lines
/// (<c>#r "nuget:..."</c>, <c>#i "nuget:..."</c>) are left for <see cref="Packages.PackageDirectives"/>.
/// </summary>
internal static class CellSource
{
    private static readonly string[] CSharpMarkers = ["#!csharp", "#!c#"];

    /// <summary>The code to compile, or the reason the cell cannot run.</summary>
    public static (string Code, string? Refusal) Prepare(string cell)
    {
        var firstEnd = cell.IndexOf('\n');
        var first = (firstEnd < 0 ? cell : cell[..firstEnd]).Trim();
        if (CSharpMarkers.Contains(first, StringComparer.OrdinalIgnoreCase))
            return (new string(' ', firstEnd < 0 ? cell.Length : firstEnd) + (firstEnd < 0 ? "" : cell[firstEnd..]), null);
        if (first.StartsWith("#!", StringComparison.Ordinal) || first.StartsWith('%'))
            return (cell, $"'{first}' is not supported: cells are C# only and the engine has no magics; remove that line (a first line #!csharp is accepted)");
        return (cell, null);
    }
}
