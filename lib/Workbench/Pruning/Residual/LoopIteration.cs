namespace Workbench.Pruning.Residual;

/// <summary>One iteration of the layer-vs-filter loop: what was tried, which won, and where the network stands.</summary>
public sealed record LoopIteration(
    int Iteration,
    string Winner,
    string RemovedBlock,
    int FiltersRemoved,
    double LayerCka,
    double FilterCka,
    long Macs,
    long Parameters,
    double MacReduction,
    double ValidationAccuracy,
    double Seconds);
