namespace Workbench.Notebooks.Execution;

/// <summary>A cell's error as Jupyter shows it: exception type, message, and traceback lines (with the cell's line).</summary>
public sealed record CellError(string Name, string Message, IReadOnlyList<string> Traceback);

/// <summary>How a cell ended: its execution count, the value of a trailing expression (execute_result), or its error.</summary>
public sealed record CellOutcome(int ExecutionCount, MimeBundle? Result, CellError? Error)
{
    public bool Succeeded => Error is null;
}

/// <summary>Completion candidates for the text between <see cref="CursorStart"/> and <see cref="CursorEnd"/>.</summary>
public sealed record Completion(IReadOnlyList<string> Matches, int CursorStart, int CursorEnd);

public enum CodeCompleteness { Complete, Incomplete, Invalid }
