using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Workbench.Notebooks.Execution;

namespace Workbench.Notebooks.Running;

/// <summary>
/// One variable a parameters cell declares at top level: its type as written (<c>int epochs = 5;</c>) or,
/// for <c>var</c>, as its initialiser shows it (<c>var lr = 0.1;</c> is a double, <c>var xs = new[] { 1 };</c>
/// an int[]); null when the text does not tell. <see cref="Initializer"/> is the default's code, for messages.
/// </summary>
internal sealed record ParameterDeclaration(string? Type, string? Initializer)
{
    /// <summary>The initialiser's receiver when it is <c>Name.Member</c> or <c>Name.Member(...)</c>: "Device" in <c>var d = Device.Cpu;</c>.</summary>
    public string? InitializerReceiver { get; init; }
}

/// <summary>The variables a parameters cell declares at top level, by name.</summary>
internal static class ParameterDeclarations
{
    public static IReadOnlyDictionary<string, ParameterDeclaration> Parse(string source)
    {
        var root = CSharpSyntaxTree.ParseText(CellSource.Prepare(source).Code, Completeness.ScriptParsing).GetRoot();
        var found = new Dictionary<string, ParameterDeclaration>(StringComparer.Ordinal);
        // A script's top-level declarations parse as fields; statements inside blocks are not parameters.
        var declarations = root.ChildNodes().Select(n => n switch
        {
            FieldDeclarationSyntax f => f.Declaration,
            GlobalStatementSyntax { Statement: LocalDeclarationStatementSyntax l } => l.Declaration,
            _ => null,
        }).OfType<VariableDeclarationSyntax>();
        foreach (var declaration in declarations)
            foreach (var variable in declaration.Variables)
            {
                var value = variable.Initializer?.Value;
                var type = declaration.Type.IsVar ? TypeOf(value) : declaration.Type.ToString();
                found[variable.Identifier.Text] = new ParameterDeclaration(type, value?.ToString()) { InitializerReceiver = Receiver(value) };
            }
        return found;
    }

    private static string? TypeOf(ExpressionSyntax? value) => value switch
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
        PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.UnaryMinusExpression } negative => TypeOf(negative.Operand),
        ParenthesizedExpressionSyntax inner => TypeOf(inner.Expression),
        // new int[] { ... }, new List<int> { ... }: the type is written out.
        ArrayCreationExpressionSyntax array => array.Type.ToString(),
        ObjectCreationExpressionSyntax created => created.Type.ToString(),
        // new[] { 1, 2 }: an array of its first element's type, when that is a literal.
        ImplicitArrayCreationExpressionSyntax { Initializer.Expressions: [var first, ..] } => TypeOf(first) is { } element ? element + "[]" : null,
        _ => null,
    };

    private static string? Receiver(ExpressionSyntax? value) => value switch
    {
        MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax name } => name.Identifier.Text,
        InvocationExpressionSyntax call => Receiver(call.Expression),
        _ => null,
    };
}
