namespace Workbench.Graph;

/// <summary>A network the dependency graph cannot follow; the message names the operation or module and why.</summary>
public sealed class GraphTraceException(string message) : Exception(message);
