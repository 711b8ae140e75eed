using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Scripting;

namespace Workbench.Notebooks.Execution;

/// <summary>
/// What Shift+Tab shows in a notebook (Jupyter's inspect_request): the type, member, variable or namespace
/// named at the cursor, found with the compiler's semantic model as the cell would compile after the cells
/// before it. Its full signature, then the summary of its XML documentation when there is one. A method
/// group lists every overload.
/// </summary>
internal static class CodeInspection
{
    private static readonly SymbolDisplayFormat Signature = new(
        globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Omitted,
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        memberOptions: SymbolDisplayMemberOptions.IncludeParameters | SymbolDisplayMemberOptions.IncludeContainingType
                       | SymbolDisplayMemberOptions.IncludeType | SymbolDisplayMemberOptions.IncludeModifiers | SymbolDisplayMemberOptions.IncludeRef,
        parameterOptions: SymbolDisplayParameterOptions.IncludeType | SymbolDisplayParameterOptions.IncludeName
                          | SymbolDisplayParameterOptions.IncludeDefaultValue | SymbolDisplayParameterOptions.IncludeParamsRefOut,
        propertyStyle: SymbolDisplayPropertyStyle.ShowReadWriteDescriptor,
        localOptions: SymbolDisplayLocalOptions.IncludeType,
        kindOptions: SymbolDisplayKindOptions.IncludeTypeKeyword | SymbolDisplayKindOptions.IncludeNamespaceKeyword,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

    // Enough overloads to choose from without burying the documentation.
    private const int MaxOverloads = 12;

    /// <summary>The text shown for the name at <paramref name="cursor"/> (a UTF-16 index), or null when the cursor is on no name.</summary>
    public static string? Inspect(Script previous, ScriptOptions options, string cell, int cursor)
    {
        var (code, refusal, _) = CellSource.Prepare(cell);
        if (refusal is not null) return null;
        cursor = Math.Clamp(cursor, 0, code.Length);
        var compilation = previous.ContinueWith(code, options).GetCompilation();
        var tree = compilation.SyntaxTrees.Single();
        var model = compilation.GetSemanticModel(tree);
        if (NameAt(tree.GetRoot(), cursor) is not { } name) return null;
        var symbols = SymbolsOf(model, name);
        if (symbols.Count == 0) return null;
        var lines = symbols.Take(MaxOverloads).Select(s => s.ToDisplayString(FormatFor(s))).ToList();
        if (symbols.Count > MaxOverloads) lines.Add($"(+{symbols.Count - MaxOverloads} more overloads)");
        if (XmlDocumentation.Summary(symbols[0] is ILocalSymbol local ? local.Type : symbols[0], compilation) is { Length: > 0 } summary)
            lines.Add("\n" + summary);
        return string.Join('\n', lines);
    }

    // A cell's variables and methods are members of the script's submission class, whose name says nothing to the reader.
    private static SymbolDisplayFormat FormatFor(ISymbol symbol) =>
        symbol.ContainingType is { IsScriptClass: true } ? Signature.RemoveMemberOptions(SymbolDisplayMemberOptions.IncludeContainingType) : Signature;

    /// <summary>The name the cursor is in or just after (as a front end's cursor sits after the word typed).</summary>
    private static SyntaxNode? NameAt(SyntaxNode root, int cursor)
    {
        foreach (var position in new[] { cursor, cursor - 1 })
        {
            if (position < 0 || position >= root.FullSpan.End) continue;
            var token = root.FindToken(position);
            if (!token.Span.Contains(position) || !token.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.IdentifierToken) && token.Parent is not PredefinedTypeSyntax) continue;
            return token.Parent;
        }
        return null;
    }

    private static IReadOnlyList<ISymbol> SymbolsOf(SemanticModel model, SyntaxNode name)
    {
        if (model.GetDeclaredSymbol(name) is { } declared) return [declared];
        var info = model.GetSymbolInfo(name);
        if (info.Symbol is { } symbol) return [symbol];
        if (!info.CandidateSymbols.IsEmpty) return info.CandidateSymbols;
        // A method group named without a call (Math.Sqrt) binds to no one overload.
        var group = model.GetMemberGroup(name);
        return group.IsEmpty ? [] : group;
    }
}
