namespace Workbench.Notebooks.Kernel;

/// <summary>
/// An incoming message the kernel refuses: bad framing, bad JSON, a missing header field, or a
/// wrong, missing or replayed signature. The receiving loop logs it and drops the message.
/// </summary>
public sealed class MalformedMessageException(string reason) : Exception(reason);
