using Workbench.Torch;

namespace Workbench.Nn;

public sealed class ReLU : Module
{
    protected override Tensor Compute(Tensor input) => input.Relu();
    public override string Describe() => "ReLU";
}

/// <summary>min(max(x, 0), 6), MobileNetV2's activation.</summary>
public sealed class ReLU6 : Module
{
    protected override Tensor Compute(Tensor input) => input.Clamp(0, 6);
    public override string Describe() => "ReLU6";
}

/// <summary>Zeroes elements with probability p in training (scaling the rest by 1/(1-p)); identity in evaluation.</summary>
public sealed class Dropout(double p = 0.5) : Module
{
    public double P { get; } = p is >= 0 and < 1 ? p : throw new ArgumentOutOfRangeException(nameof(p), p, "dropout probability must be in [0, 1)");
    protected override Tensor Compute(Tensor input) => Functional.Dropout(input, P, Training);
    public override string Describe() => $"Dropout({P})";
}

/// <summary>Flattens every dimension from <c>startDim</c> on (by default all but the batch).</summary>
public sealed class Flatten(long startDim = 1) : Module
{
    public long StartDim { get; } = startDim;
    protected override Tensor Compute(Tensor input) => input.Flatten(StartDim);
    public override string Describe() => "Flatten";
}
