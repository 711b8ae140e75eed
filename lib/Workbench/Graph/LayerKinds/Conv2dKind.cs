using Workbench.Nn;
using Workbench.Torch;

namespace Workbench.Graph.LayerKinds;

/// <summary>
/// A convolution stops channels: its filters (rows) are its output channels, its kernels' columns its inputs.
/// A depthwise one (groups = inputs = outputs) instead carries channel j to channel j. Other grouped ones would
/// need whole groups removed at once, which this kind does not do: it pins their channels, saying why.
/// </summary>
public sealed class Conv2dKind : LayerKind<Conv2d>
{
    protected override void Connect(Conv2d conv, ITraceWiring wiring, ChannelSpace? input, ChannelSpace? output)
    {
        var (i, o) = (Required(input, conv, "input"), Required(output, conv, "output"));
        if (conv.Groups == 1)
        {
            wiring.Attach(conv, ChannelRole.In, i);
            wiring.Attach(conv, ChannelRole.Out, o);
        }
        else if (conv.Groups == conv.InChannels && conv.Groups == conv.OutChannels)
        {
            wiring.Couple(i, o);
            wiring.Attach(conv, ChannelRole.Through, o);
        }
        else
        {
            var reason = $"{conv.Describe()} is grouped: its channels can only go a whole group at a time";
            wiring.Pin(i, reason);
            wiring.Pin(o, reason);
        }
    }

    protected override Tensor? Masked(Conv2d conv, ChannelRole role, long[] removed, Tensor? current) =>
        ChannelEdits.Zeroed(current ?? conv.WeightMask, [conv.OutChannels, conv.InChannels / conv.Groups, 1, 1], conv.Weight.Device, role == ChannelRole.In ? 1 : 0, removed);

    protected override void UseMask(Conv2d conv, Tensor? mask, bool trial)
    {
        if (trial) conv.MaskOverride = mask;
        else conv.SetWeightMask(mask);
    }

    protected override double[]? Norms(Conv2d conv, ChannelRole role, double p) =>
        ChannelEdits.Norms(conv.Weight, conv.MaskOverride ?? conv.WeightMask, role == ChannelRole.In ? 1 : 0, p);

    protected override bool[]? Live(Conv2d conv, ChannelRole role) =>
        conv.WeightMask is { } mask ? ChannelEdits.Live(mask, role == ChannelRole.In ? 1 : 0) : null;

    protected override void Narrow(Conv2d conv, ChannelRole role, long[] kept)
    {
        var dim = role == ChannelRole.In ? 1 : 0;
        ChannelEdits.Keep(conv.Weight, dim, kept);
        if (conv.WeightMask is { } mask) ChannelEdits.Keep(mask, dim, kept);
        if (role != ChannelRole.In && conv.Bias is { } bias) ChannelEdits.Keep(bias, 0, kept);
        conv.RefreshShape(role == ChannelRole.Through ? kept.Length : null);
    }

    protected override void Resize(Conv2d conv, Func<string, long[]?> shapeOf)
    {
        var depthwise = conv.Groups > 1 && conv.Groups == conv.InChannels && conv.Groups == conv.OutChannels;
        var weight = shapeOf("weight");
        if (!ChannelEdits.Reshaped(conv.Weight, weight)) return;
        ChannelEdits.Reshaped(conv.Bias, shapeOf("bias"));
        conv.RefreshShape(depthwise ? weight![0] : null);
    }
}
