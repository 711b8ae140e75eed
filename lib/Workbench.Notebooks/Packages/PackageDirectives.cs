namespace Workbench.Notebooks.Packages;

/// <summary>
/// The package lines of a cell, as in Polyglot Notebooks: <c>#r "nuget: Name, Version"</c>, <c>#r "nuget: Name"</c>
/// and <c>#i "nuget: source"</c> (a folder or feed URL). Roslyn knows neither, so they are blanked with spaces,
/// keeping every other line's number and column, and the packages reach the compiler as references instead.
/// </summary>
internal sealed record PackageDirectives(string Code, IReadOnlyList<PackageRequest> Packages, IReadOnlyList<string> Sources, string? Error)
{
    public bool Any => Packages.Count > 0 || Sources.Count > 0;

    /// <param name="baseDirectory">where a relative <c>#i</c> folder is resolved: the notebook's folder</param>
    public static PackageDirectives Extract(string code, string baseDirectory)
    {
        var lines = code.Split('\n');
        List<PackageRequest> packages = [];
        List<string> sources = [];
        for (var i = 0; i < lines.Length; i++)
        {
            if (Argument(lines[i]) is not var (directive, argument)) continue;
            var problem = directive == 'r' ? AddPackage(argument, packages) : AddSource(argument, baseDirectory, sources);
            if (problem is not null) return new PackageDirectives(code, [], [], $"line {i + 1}: {problem}");
            // A trailing '\r' stays so that CRLF cells keep their line ends.
            lines[i] = new string(' ', lines[i].TrimEnd('\r').Length) + (lines[i].EndsWith('\r') ? "\r" : "");
        }
        return new PackageDirectives(string.Join('\n', lines), packages, sources, null);
    }

    /// <summary>The directive letter and what follows "nuget:" in a <c>#r "nuget:..."</c> or <c>#i "nuget:..."</c> line.</summary>
    private static (char, string)? Argument(string line)
    {
        var text = line.Trim();
        if (text.Length < 3 || text[0] != '#' || (text[1] != 'r' && text[1] != 'i') || !char.IsWhiteSpace(text[2])) return null;
        var quoted = text[3..].Trim();
        const string Prefix = "\"nuget:";
        if (!quoted.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) || quoted.Length < Prefix.Length + 1 || quoted[^1] != '"') return null;
        return (text[1], quoted[Prefix.Length..^1].Trim());
    }

    private static string? AddPackage(string argument, List<PackageRequest> packages)
    {
        var parts = argument.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length > 2 || parts[0].Length == 0 || parts[0].Any(c => char.IsWhiteSpace(c) || c is '"' or '<' or '>' or '/' or '\\'))
            return $"'#r \"nuget: {argument}\"' is not a package reference; write #r \"nuget: Name, Version\" or #r \"nuget: Name\"";
        var version = parts.Length == 2 && parts[1].Length > 0 ? parts[1] : null;
        packages.Add(new PackageRequest(parts[0], version));
        return null;
    }

    private static string? AddSource(string argument, string baseDirectory, List<string> sources)
    {
        if (argument.Length == 0) return "'#i \"nuget:\"' names no package source; write #i \"nuget: https://feed/index.json\" or #i \"nuget: path/to/folder\"";
        var isUrl = Uri.TryCreate(argument, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
        if (isUrl)
        {
            sources.Add(argument);
            return null;
        }
        // NuGet skips a missing local source without a word, so a typo would only show later as "package not found".
        var folder = Path.GetFullPath(argument, baseDirectory);
        if (!Directory.Exists(folder)) return $"'#i \"nuget: {argument}\"': the package source folder '{folder}' does not exist";
        sources.Add(folder);
        return null;
    }
}
