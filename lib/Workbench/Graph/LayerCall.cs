using Workbench.Nn;

namespace Workbench.Graph;

/// <summary>One call of a layer with weights during the trace: the channels it read and made, and its output's shape (for accounting).</summary>
public sealed record LayerCall(string Name, Module Module, ChannelSpace? Input, ChannelSpace? Output, long[] OutputShape);
