using Workbench.Torch;

namespace Workbench.Nn;

/// <summary>Fully connected layer: input @ weightᵀ + bias, weight [out, in].</summary>
public sealed class Linear : Module
{
    public long InFeatures { get; private set; }
    public long OutFeatures { get; private set; }
    public Tensor Weight { get; }
    public Tensor? Bias { get; }

    public Linear(long inFeatures, long outFeatures, bool bias = true)
    {
        if (inFeatures < 1 || outFeatures < 1) throw new ArgumentException($"Linear({inFeatures}, {outFeatures}): sizes must be positive");
        (InFeatures, OutFeatures) = (inFeatures, outFeatures);
        Weight = RegisterParameter("weight", Init.DefaultWeight([outFeatures, inFeatures], inFeatures));
        if (bias) Bias = RegisterParameter("bias", Init.DefaultWeight([outFeatures], inFeatures));
    }

    public override Tensor Forward(Tensor input) => ShapeRecorder.Report(this, Functional.Linear(input, Weight, Bias));

    internal void RefreshShape() => (OutFeatures, InFeatures) = (Weight.Shape[0], Weight.Shape[1]);

    public long Macs => InFeatures * OutFeatures;

    public override string Describe() => $"Linear({InFeatures}, {OutFeatures})";
}
