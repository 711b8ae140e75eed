using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Scripting;

namespace Workbench.Notebooks.Execution;

/// <summary>
/// Tab completion from the compiler's semantic model (Roslyn's CompletionService lives in the Features
/// packages, which the engine does not take): after a '.', the members of what is left of it (static
/// members for a type, instance and extension members for a value, contents for a namespace); otherwise
/// every name in scope, including earlier cells' variables and <c>display</c>.
/// </summary>
internal static class CodeCompletion
{
    public static Completion Complete(Script previous, ScriptOptions options, string cell, int cursor)
    {
        cursor = Math.Clamp(cursor, 0, cell.Length);
        var start = cursor;
        while (start > 0 && (char.IsLetterOrDigit(cell[start - 1]) || cell[start - 1] == '_')) start--;
        var prefix = cell[start..cursor];
        var code = CellSource.Prepare(cell).Code;
        var compilation = previous.ContinueWith(code, options).GetCompilation();
        var tree = compilation.SyntaxTrees.Single();
        var model = compilation.GetSemanticModel(tree);
        var symbols = start > 0 && code[start - 1] == '.'
            ? MembersLeftOf(model, tree.GetRoot().FindToken(start - 1), start)
            : model.LookupSymbols(start);
        var matches = symbols
            .Where(s => s.CanBeReferencedByName && s.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Select(s => s.Name).Distinct().Order(StringComparer.Ordinal).ToList();
        return new Completion(matches, start, cursor);
    }

    private static IEnumerable<ISymbol> MembersLeftOf(SemanticModel model, SyntaxToken dot, int position)
    {
        ExpressionSyntax? left = dot.Parent switch
        {
            MemberAccessExpressionSyntax access => access.Expression,
            QualifiedNameSyntax qualified => qualified.Left,
            _ => null,
        };
        if (left is null) return [];
        var named = model.GetSymbolInfo(left).Symbol;
        if (named is INamespaceSymbol ns) return model.LookupNamespacesAndTypes(position, ns);
        if (named is INamedTypeSymbol type)
            return model.LookupSymbols(position, type).Where(s => s.IsStatic || s is INamedTypeSymbol);
        if (model.GetTypeInfo(left).Type is not { } valueType) return [];
        return model.LookupSymbols(position, valueType, includeReducedExtensionMethods: true).Where(s => !s.IsStatic);
    }
}
