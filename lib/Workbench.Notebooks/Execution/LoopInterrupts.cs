using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.CSharp;

namespace Workbench.Notebooks.Execution;

/// <summary>
/// Makes a cell's own loops interruptible: every <c>for</c>, <c>foreach</c>, <c>while</c> and <c>do</c>
/// body starts with a check of the ambient <see cref="Interrupt"/>, so <c>while (true) { }</c> stops on a
/// Jupyter interrupt like the library's loops do. .NET cannot abort a thread, so this is the only way a
/// loop that never calls the library can be stopped. The checks are inserted without line breaks, so
/// compile errors and stack traces keep the cell's line numbers. Code that blocks outside a loop
/// (a long Sleep, a native call) still cannot be stopped; the session says so.
/// </summary>
internal static class LoopInterrupts
{
    private const string Check = "global::Workbench.Interrupt.ThrowIfRequested();";

    public static string Instrument(string code)
    {
        var root = CSharpSyntaxTree.ParseText(code, Completeness.ScriptParsing).GetRoot();
        // Code that does not parse is left as it is, so its compile errors point at what the user wrote.
        if (root.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error)) return code;
        var inserts = new List<(int Position, string Text)>();
        foreach (var loop in root.DescendantNodes().OfType<StatementSyntax>())
        {
            var body = loop switch
            {
                WhileStatementSyntax w => w.Statement,
                DoStatementSyntax d => d.Statement,
                ForStatementSyntax f => f.Statement,
                CommonForEachStatementSyntax e => e.Statement,
                _ => null,
            };
            if (body is BlockSyntax block) inserts.Add((block.OpenBraceToken.Span.End, Check));
            else if (body is not null)
            {
                inserts.Add((body.SpanStart, "{" + Check));
                inserts.Add((body.Span.End, "}"));
            }
        }
        if (inserts.Count == 0) return code;
        var text = new System.Text.StringBuilder(code);
        // From the end, so earlier positions stay valid; equal positions only ever hold closing braces.
        foreach (var (position, insert) in inserts.OrderByDescending(i => i.Position)) text.Insert(position, insert);
        return text.ToString();
    }
}
