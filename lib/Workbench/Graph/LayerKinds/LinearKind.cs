using Workbench.Nn;
using Workbench.Torch;

namespace Workbench.Graph.LayerKinds;

/// <summary>A fully connected layer stops features: its rows are its outputs, its columns its inputs (after a flatten, each map's features).</summary>
public sealed class LinearKind : LayerKind<Linear>
{
    protected override void Connect(Linear linear, ITraceWiring wiring, ChannelSpace? input, ChannelSpace? output)
    {
        wiring.Attach(linear, ChannelRole.In, Required(input, linear, "input"));
        wiring.Attach(linear, ChannelRole.Out, Required(output, linear, "output"));
    }

    protected override Tensor? Masked(Linear linear, ChannelRole role, long[] removed, Tensor? current)
    {
        // Removing outputs needs a mask per row; a mask over inputs alone is [1, in] and broadcasts over rows.
        current ??= linear.WeightMask;
        var rows = role == ChannelRole.Out || current is { Shape: [> 1, _] } ? linear.OutFeatures : 1;
        using var expanded = current?.Expand(rows, linear.InFeatures).Contiguous();
        return ChannelEdits.Zeroed(expanded, [rows, linear.InFeatures], linear.Weight.Device, role == ChannelRole.In ? 1 : 0, removed);
    }

    protected override void UseMask(Linear linear, Tensor? mask, bool trial)
    {
        if (trial) linear.MaskOverride = mask;
        else linear.SetWeightMask(mask);
    }

    protected override double[]? Norms(Linear linear, ChannelRole role, double p) =>
        ChannelEdits.Norms(linear.Weight, linear.MaskOverride ?? linear.WeightMask, role == ChannelRole.In ? 1 : 0, p);

    protected override bool[]? Live(Linear linear, ChannelRole role) => (role, linear.WeightMask) switch
    {
        (_, null) => null,
        (ChannelRole.In, { } mask) => ChannelEdits.Live(mask, 1),
        (_, { Shape: [1, _] }) => null,
        (_, { } mask) => ChannelEdits.Live(mask, 0),
    };

    protected override void Narrow(Linear linear, ChannelRole role, long[] kept)
    {
        var dim = role == ChannelRole.In ? 1 : 0;
        ChannelEdits.Keep(linear.Weight, dim, kept);
        if (linear.WeightMask is { } mask && (dim == 1 || mask.Shape[0] > 1)) ChannelEdits.Keep(mask, dim, kept);
        if (dim == 0 && linear.Bias is { } bias) ChannelEdits.Keep(bias, 0, kept);
        linear.RefreshShape();
    }

    protected override void Resize(Linear linear, Func<string, long[]?> shapeOf)
    {
        var weight = shapeOf("weight");
        if (!ChannelEdits.Reshaped(linear.Weight, weight)) return;
        ChannelEdits.Reshaped(linear.Bias, shapeOf("bias"));
        linear.RefreshShape();
    }
}
