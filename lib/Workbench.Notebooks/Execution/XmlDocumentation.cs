using System.Collections.Concurrent;
using System.Text;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;

namespace Workbench.Notebooks.Execution;

/// <summary>
/// The summary of a symbol's XML documentation, read from the documentation file of the assembly that
/// declares it. Roslyn only has documentation for references created with a documentation provider, which
/// script references are not, so the files are found here: beside the assembly (the workbench's own, and
/// NuGet packages'), else in the SDK's reference pack, where the runtime's documentation lives (the types of
/// System.Private.CoreLib are documented in System.Runtime.xml).
/// </summary>
internal static class XmlDocumentation
{
    private static readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> Files = new(StringComparer.Ordinal);

    public static string? Summary(ISymbol symbol, Compilation compilation)
    {
        if (symbol.GetDocumentationCommentId() is not { } id) return null;
        var assembly = (symbol as IAssemblySymbol) ?? symbol.ContainingAssembly;
        var path = assembly is null ? null : (compilation.GetMetadataReference(assembly) as PortableExecutableReference)?.FilePath;
        if (path is null) return null;
        foreach (var file in Candidates(path))
            if (Members(file).TryGetValue(id, out var summary)) return summary;
        return null;
    }

    private static IEnumerable<string> Candidates(string assemblyPath)
    {
        yield return Path.ChangeExtension(assemblyPath, ".xml");
        if (ReferencePack() is not { } pack) yield break;
        yield return Path.Combine(pack, Path.GetFileNameWithoutExtension(assemblyPath) + ".xml");
        yield return Path.Combine(pack, "System.Runtime.xml");
    }

    /// <summary>dotnet/packs/Microsoft.NETCore.App.Ref/VERSION/ref/netX.Y of the runtime this process runs on, if the SDK is there.</summary>
    private static string? ReferencePack()
    {
        // The runtime lives in dotnet/shared/Microsoft.NETCore.App/VERSION.
        var runtime = new DirectoryInfo(Path.GetDirectoryName(typeof(object).Assembly.Location)!);
        var root = runtime.Parent?.Parent?.Parent;
        var pack = root is null ? null : Path.Combine(root.FullName, "packs", "Microsoft.NETCore.App.Ref", runtime.Name, "ref", $"net{Environment.Version.Major}.{Environment.Version.Minor}");
        return pack is not null && Directory.Exists(pack) ? pack : null;
    }

    private static IReadOnlyDictionary<string, string> Members(string file) => Files.GetOrAdd(file, Load);

    private static IReadOnlyDictionary<string, string> Load(string file)
    {
        var members = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(file)) return members;
        try
        {
            foreach (var member in XDocument.Load(file).Descendants("member"))
                if (member.Attribute("name")?.Value is { } name && member.Element("summary") is { } summary)
                    members[name] = Text(summary);
        }
        catch (System.Xml.XmlException)
        {
            // A broken documentation file only costs the summaries in it.
        }
        return members;
    }

    /// <summary>The summary as plain text: cross references by their short name, whitespace collapsed.</summary>
    private static string Text(XElement summary)
    {
        var text = new StringBuilder();
        foreach (var node in summary.DescendantNodes())
        {
            if (node is XText t && t.Parent?.Name.LocalName is not ("see" or "seealso" or "paramref" or "typeparamref")) text.Append(t.Value);
            else if (node is XElement { Name.LocalName: "see" or "seealso" } see)
                text.Append(see.Attribute("cref")?.Value is { } cref ? ShortName(cref) : see.Attribute("langword")?.Value ?? see.Value);
            else if (node is XElement { Name.LocalName: "paramref" or "typeparamref" } reference) text.Append(reference.Attribute("name")?.Value);
        }
        return string.Join(' ', text.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    // "M:System.Math.Sqrt(System.Double)" → "Math.Sqrt"
    private static string ShortName(string cref)
    {
        var name = cref.Length > 2 && cref[1] == ':' ? cref[2..] : cref;
        var paren = name.IndexOf('(');
        if (paren >= 0) name = name[..paren];
        var parts = name.Split('.');
        return parts.Length >= 2 ? parts[^2] + "." + parts[^1] : name;
    }
}
