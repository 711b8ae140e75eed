using Workbench.Torch;

namespace Workbench.Nn;

/// <summary>Fully connected layer: input @ weightᵀ + bias, weight [out, in].</summary>
public sealed class Linear : Module
{
    public long InFeatures { get; private set; }
    public long OutFeatures { get; private set; }
    public Tensor Weight { get; }
    public Tensor? Bias { get; }

    /// <summary>1 keeps, 0 removes an input feature: [1, in]. Null when dense. Saved as <c>weight_mask</c>.</summary>
    public Tensor? WeightMask { get; private set; }

    /// <summary>A mask to compute with instead of <see cref="WeightMask"/>, leaving the weights untouched: how candidate masks are tried.</summary>
    internal Tensor? MaskOverride { get; set; }

    public Linear(long inFeatures, long outFeatures, bool bias = true)
    {
        if (inFeatures < 1 || outFeatures < 1) throw new ArgumentException($"Linear({inFeatures}, {outFeatures}): sizes must be positive");
        (InFeatures, OutFeatures) = (inFeatures, outFeatures);
        Weight = RegisterParameter("weight", Init.DefaultWeight([outFeatures, inFeatures], inFeatures));
        if (bias) Bias = RegisterParameter("bias", Init.DefaultWeight([outFeatures], inFeatures));
    }

    protected override Tensor Compute(Tensor input)
    {
        var mask = MaskOverride ?? WeightMask;
        if (mask is null) return Functional.Linear(input, Weight, Bias);
        using var masked = Weight * mask;
        return Functional.Linear(input, masked, Bias);
    }

    /// <summary>Sets (or removes) the input-feature mask [1, in] (or [out, in]) and zeroes the removed weights.</summary>
    public void SetWeightMask(Tensor? mask)
    {
        if (mask is not null)
        {
            var m = mask.Shape;
            if (m.Length != 2 || m[1] != InFeatures || (m[0] != 1 && m[0] != OutFeatures))
                throw new ArgumentException($"a weight mask of shape [{string.Join(", ", m)}] does not fit Linear({InFeatures}, {OutFeatures}): expected [1, {InFeatures}] or [{OutFeatures}, {InFeatures}]", nameof(mask));
        }
        WeightMask = InstallWeightMask(Weight, mask);
    }

    internal void RefreshShape() => (OutFeatures, InFeatures) = (Weight.Shape[0], Weight.Shape[1]);

    public long Macs => InFeatures * OutFeatures;

    public override string Describe() => $"Linear({InFeatures}, {OutFeatures})";
}
