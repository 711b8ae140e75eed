using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace Workbench.Notebooks.Execution;

/// <summary>Builds the <see cref="CellError"/> of a failed cell: an exception with cell lines, or compile errors.</summary>
internal static class CellErrors
{
    public const string Interrupted = "Interrupted";

    public static CellError Compilation(IEnumerable<Diagnostic> diagnostics)
    {
        var lines = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(Describe).ToList();
        // The traceback lists every error (what notebooks display); the message names the first, for one-line summaries.
        var message = lines.Count <= 1 ? string.Concat(lines) : $"{lines[0]} (and {lines.Count - 1} more)";
        return new CellError("CompilationError", message, lines);
    }

    /// <summary>"(line,col): error CSxxxx: message", with the line counted within the cell.</summary>
    public static string Describe(Diagnostic d)
    {
        var at = d.Location.GetLineSpan().StartLinePosition;
        return $"({at.Line + 1},{at.Character + 1}): {d.Severity.ToString().ToLowerInvariant()} {d.Id}: {d.GetMessage(CultureInfo.InvariantCulture)}";
    }

    /// <summary>
    /// The exception's type and message, then its frames: frames in cells read "Cell In[3], line 5" (the cell's
    /// execution count and the line within it), frames in libraries keep their method. Frames from the
    /// scripting machinery that ran the cell are left out.
    /// </summary>
    public static CellError FromException(Exception exception, Func<string?, int?> cellOfFile)
    {
        exception = Unwrap(exception);
        var traceback = new List<string> { $"{exception.GetType().Name}: {exception.Message}" };
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
            traceback.Add($" ---> {inner.GetType().Name}: {inner.Message}");
        foreach (var frame in new StackTrace(exception, fNeedFileInfo: true).GetFrames())
        {
            var method = frame.GetMethod();
            if (IsMachinery(method)) continue;
            if (cellOfFile(frame.GetFileName()) is { } cell)
            {
                var inside = CellMethod(method);
                traceback.Add($"   Cell In[{cell}], line {frame.GetFileLineNumber()}{(inside is null ? "" : ", in " + inside)}");
            }
            else if (method is not null)
            {
                traceback.Add($"   at {method.DeclaringType?.FullName}.{method.Name}({string.Join(", ", method.GetParameters().Select(p => p.ParameterType.Name))})");
            }
        }
        return new CellError(exception.GetType().Name, exception.Message, traceback);
    }

    public static CellError Interruption(string message) => new(Interrupted, message, [$"{Interrupted}: {message}"]);

    private static Exception Unwrap(Exception e) => e switch
    {
        TargetInvocationException { InnerException: { } inner } => Unwrap(inner),
        AggregateException { InnerExceptions.Count: 1 } a => Unwrap(a.InnerExceptions[0]),
        _ => e,
    };

    // Async plumbing and Roslyn's submission runner say nothing about the user's code.
    private static bool IsMachinery(MethodBase? method) =>
        method?.DeclaringType?.Namespace is { } ns
        && (ns.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal)
            || ns.StartsWith("System.Runtime.CompilerServices", StringComparison.Ordinal)
            || ns.StartsWith("System.Runtime.ExceptionServices", StringComparison.Ordinal)
            || ns.StartsWith("System.Threading.Tasks", StringComparison.Ordinal));

    /// <summary>A method defined in a cell, by name; null for the cell's own top-level code.</summary>
    private static string? CellMethod(MethodBase? method)
    {
        if (method is null) return null;
        var type = method.DeclaringType;
        // Top-level code compiles to Submission#N.<<Initialize>>d__0.MoveNext; async methods to <Name>d__k.MoveNext.
        if (method.Name == "MoveNext" && type?.Name is { } stateMachine && stateMachine.StartsWith('<'))
        {
            var name = stateMachine[1..stateMachine.IndexOf('>')];
            return name == "<Initialize" ? null : name + "()";
        }
        if (method.Name.StartsWith('<')) return "lambda";
        var declaring = type?.Name.StartsWith("Submission#", StringComparison.Ordinal) == true ? "" : type?.Name + ".";
        return $"{declaring}{method.Name}()";
    }
}
