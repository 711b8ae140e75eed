using Workbench.Nn;
using Workbench.Torch;

namespace Workbench.Graph.LayerKinds;

/// <summary>What a traced layer tells the graph as it connects a call's channels.</summary>
public interface ITraceWiring
{
    /// <summary>Ties channel j of <paramref name="a"/> to channel j of <paramref name="b"/>: they are removed together.</summary>
    void Couple(ChannelSpace a, ChannelSpace b);

    /// <summary>Records that <paramref name="module"/> holds <paramref name="space"/>'s channels in <paramref name="role"/>.</summary>
    void Attach(Module module, ChannelRole role, ChannelSpace space);

    /// <summary>Keeps every channel of <paramref name="space"/> (and all tied to them) from being pruned, for <paramref name="reason"/>.</summary>
    void Pin(ChannelSpace space, string reason);
}

/// <summary>
/// How one kind of layer with weights takes part in channel pruning: which channels a call ties, how a channel is
/// masked (the layer keeps its shape and stops producing or reading it), whether it still does, and how it is
/// cut out for good. Torch-Pruning's per-layer pruners, as one small class per kind.
/// </summary>
public interface ILayerKind
{
    bool Handles(Module module);

    /// <param name="module">the layer called</param>
    /// <param name="wiring">where it ties and attaches channels</param>
    /// <param name="input">the channels of the call's input (null when it has none)</param>
    /// <param name="output">the channels of the call's output</param>
    void Connect(Module module, ITraceWiring wiring, ChannelSpace? input, ChannelSpace? output);

    /// <summary>
    /// The mask that removes channels <paramref name="removed"/> of <paramref name="role"/> on top of <paramref name="current"/>
    /// (the layer's own mask when null); null for a kind without a mask. Nothing is installed.
    /// </summary>
    Tensor? Masked(Module module, ChannelRole role, long[] removed, Tensor? current);

    /// <summary>Installs <paramref name="mask"/> for good (<paramref name="trial"/> false) or computes with it, weights untouched, until cleared (null).</summary>
    void UseMask(Module module, Tensor? mask, bool trial);

    /// <summary>The p-norm of the (masked) weights of each channel of <paramref name="role"/>; null for a kind without weights there.</summary>
    double[]? Norms(Module module, ChannelRole role, double p);

    /// <summary>Which channels of <paramref name="role"/> the layer still produces or reads; null when it has no mask to tell by.</summary>
    bool[]? Live(Module module, ChannelRole role);

    /// <summary>Keeps only channels <paramref name="kept"/> of <paramref name="role"/>, shrinking every tensor that holds them.</summary>
    void Narrow(Module module, ChannelRole role, long[] kept);

    /// <summary>
    /// Gives the layer the widths a saved state has (<paramref name="shapeOf"/> answers by the layer's own entry names,
    /// null where the state lacks one): the tensors take the new shapes, their values are for the state to fill.
    /// </summary>
    void Resize(Module module, Func<string, long[]?> shapeOf);
}

/// <summary>An <see cref="ILayerKind"/> for modules of type <typeparamref name="T"/>.</summary>
public abstract class LayerKind<T> : ILayerKind where T : Module
{
    public bool Handles(Module module) => module is T;
    public void Connect(Module module, ITraceWiring wiring, ChannelSpace? input, ChannelSpace? output) => Connect((T)module, wiring, input, output);
    public Tensor? Masked(Module module, ChannelRole role, long[] removed, Tensor? current) => Masked((T)module, role, removed, current);
    public void UseMask(Module module, Tensor? mask, bool trial) => UseMask((T)module, mask, trial);
    public double[]? Norms(Module module, ChannelRole role, double p) => Norms((T)module, role, p);
    public bool[]? Live(Module module, ChannelRole role) => Live((T)module, role);
    public void Narrow(Module module, ChannelRole role, long[] kept) => Narrow((T)module, role, kept);
    public void Resize(Module module, Func<string, long[]?> shapeOf) => Resize((T)module, shapeOf);

    protected abstract void Connect(T module, ITraceWiring wiring, ChannelSpace? input, ChannelSpace? output);
    protected abstract Tensor? Masked(T module, ChannelRole role, long[] removed, Tensor? current);
    protected abstract void UseMask(T module, Tensor? mask, bool trial);
    protected abstract double[]? Norms(T module, ChannelRole role, double p);
    protected abstract bool[]? Live(T module, ChannelRole role);
    protected abstract void Narrow(T module, ChannelRole role, long[] kept);
    protected abstract void Resize(T module, Func<string, long[]?> shapeOf);

    protected static ChannelSpace Required(ChannelSpace? space, T module, string what) =>
        space ?? throw new GraphTraceException($"{module.Describe()} has no channel dimension at its {what}");
}
