using Workbench.Nn;
using Workbench.Torch;

namespace Workbench.Graph.LayerKinds;

/// <summary>
/// BatchNorm carries channel j to channel j. It has no mask: a removed channel's shift would leak a constant,
/// so the graph masks the layers that read the channel instead, and the channel's statistics go at compaction.
/// </summary>
public sealed class BatchNorm2dKind : LayerKind<BatchNorm2d>
{
    protected override void Connect(BatchNorm2d norm, ITraceWiring wiring, ChannelSpace? input, ChannelSpace? output)
    {
        var o = Required(output, norm, "output");
        wiring.Couple(Required(input, norm, "input"), o);
        wiring.Attach(norm, ChannelRole.Through, o);
    }

    protected override Tensor? Masked(BatchNorm2d norm, ChannelRole role, long[] removed, Tensor? current) => null;

    protected override void UseMask(BatchNorm2d norm, Tensor? mask, bool trial) { }

    // Its scale says how much a channel passes, not how much a filter holds: the norm criteria weigh the filters.
    protected override double[]? Norms(BatchNorm2d norm, ChannelRole role, double p) => null;

    protected override bool[]? Live(BatchNorm2d norm, ChannelRole role) => null;

    protected override void Narrow(BatchNorm2d norm, ChannelRole role, long[] kept)
    {
        foreach (var t in new[] { norm.Weight, norm.Bias, norm.RunningMean, norm.RunningVar }) ChannelEdits.Keep(t, 0, kept);
        norm.RefreshShape();
    }

    protected override void Resize(BatchNorm2d norm, Func<string, long[]?> shapeOf)
    {
        foreach (var (name, t) in new[] { ("weight", norm.Weight), ("bias", norm.Bias), ("running_mean", norm.RunningMean), ("running_var", norm.RunningVar) })
            ChannelEdits.Reshaped(t, shapeOf(name));
        norm.RefreshShape();
    }
}
