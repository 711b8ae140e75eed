using Workbench.Nn;

namespace Workbench.Pruning.Selection;

/// <summary>Measures how much candidate choices hurt: MCR (%) and loss on validation data, leaving the network unchanged.</summary>
public interface ICandidateEvaluator
{
    /// <summary>
    /// Starts evaluating candidates for <paramref name="layer"/>. The network must not change until the
    /// session ends, which is what lets a session cache the activations entering the layer.
    /// </summary>
    ICandidateSession Begin(ConvLayer layer);
}

public interface ICandidateSession : IDisposable
{
    (double Mcr, double Loss) Evaluate(UnitChoice candidate);
}
