using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Workbench.Notebooks.Execution;

/// <summary>Whether a console front end should run the code typed so far or wait for more lines.</summary>
internal static class Completeness
{
    public static readonly CSharpParseOptions ScriptParsing = new(LanguageVersion.Latest, kind: SourceCodeKind.Script);

    public static CodeCompleteness Of(string cell)
    {
        var (code, refusal, _) = CellSource.Prepare(cell);
        // A refused magic is "complete": running it shows the clear refusal.
        if (refusal is not null) return CodeCompleteness.Complete;
        var tree = CSharpSyntaxTree.ParseText(code, ScriptParsing);
        if (!SyntaxFactory.IsCompleteSubmission(tree)) return CodeCompleteness.Incomplete;
        return tree.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error) ? CodeCompleteness.Invalid : CodeCompleteness.Complete;
    }
}
