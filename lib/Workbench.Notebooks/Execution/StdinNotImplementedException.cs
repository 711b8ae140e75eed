namespace Workbench.Notebooks.Execution;

/// <summary>
/// A cell asked for input (<c>Console.ReadLine()</c>, <c>Kernel.GetInputAsync</c>) where no one can answer:
/// a front end that sent allow_stdin=false, or a notebook run without a front end. Named after IPython's
/// StdinNotImplementedError, which Jupyter users know from the same situation.
/// </summary>
public sealed class StdinNotImplementedException(string message) : InvalidOperationException(message);
