using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Workbench.Notebooks.Execution;

namespace Workbench.Notebooks.Running;

/// <summary>
/// The variables a parameters cell declares at top level, with their declared type (<c>int epochs = 5;</c>)
/// or, for <c>var</c>, the type of a literal initialiser (<c>var lr = 0.1;</c> is a double); null when unknown.
/// </summary>
internal static class ParameterDeclarations
{
    public static IReadOnlyDictionary<string, string?> Parse(string source)
    {
        var root = CSharpSyntaxTree.ParseText(CellSource.Prepare(source).Code, Completeness.ScriptParsing).GetRoot();
        var found = new Dictionary<string, string?>(StringComparer.Ordinal);
        // A script's top-level declarations parse as fields; statements inside blocks are not parameters.
        var declarations = root.ChildNodes().Select(n => n switch
        {
            FieldDeclarationSyntax f => f.Declaration,
            GlobalStatementSyntax { Statement: LocalDeclarationStatementSyntax l } => l.Declaration,
            _ => null,
        }).OfType<VariableDeclarationSyntax>();
        foreach (var declaration in declarations)
            foreach (var variable in declaration.Variables)
                found[variable.Identifier.Text] = declaration.Type.IsVar ? LiteralType(variable.Initializer?.Value) : declaration.Type.ToString();
        return found;
    }

    private static string? LiteralType(ExpressionSyntax? value) => value switch
    {
        LiteralExpressionSyntax literal => literal.Token.Value switch
        {
            string => "string",
            bool => "bool",
            int => "int",
            long => "long",
            uint => "uint",
            ulong => "ulong",
            float => "float",
            double => "double",
            decimal => "decimal",
            char => "char",
            _ => null,
        },
        PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.UnaryMinusExpression } negative => LiteralType(negative.Operand),
        ParenthesizedExpressionSyntax inner => LiteralType(inner.Expression),
        _ => null,
    };
}
