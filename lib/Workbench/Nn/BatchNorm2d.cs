using Workbench.Torch;

namespace Workbench.Nn;

/// <summary>
/// Batch normalisation over channels, with PyTorch's parameters and buffers (weight, bias,
/// running_mean, running_var, num_batches_tracked) so checkpoints load in PyTorch as they are.
/// </summary>
public sealed class BatchNorm2d : Module
{
    public long NumFeatures { get; private set; }
    public double Momentum { get; }
    public double Eps { get; }
    public Tensor Weight { get; }
    public Tensor Bias { get; }
    public Tensor RunningMean { get; }
    public Tensor RunningVar { get; }
    public Tensor NumBatchesTracked { get; }

    public BatchNorm2d(long numFeatures, double momentum = 0.1, double eps = 1e-5)
    {
        if (numFeatures < 1) throw new ArgumentException($"BatchNorm2d({numFeatures}): needs at least one feature");
        (NumFeatures, Momentum, Eps) = (numFeatures, momentum, eps);
        Weight = RegisterParameter("weight", Tensor.Ones([numFeatures]));
        Bias = RegisterParameter("bias", Tensor.Zeros([numFeatures]));
        RunningMean = RegisterBuffer("running_mean", Tensor.Zeros([numFeatures]));
        RunningVar = RegisterBuffer("running_var", Tensor.Ones([numFeatures]));
        NumBatchesTracked = RegisterBuffer("num_batches_tracked", Tensor.Zeros([], DType.Int64));
    }

    protected override Tensor Compute(Tensor input)
    {
        if (Training)
            using (Autograd.NoGrad()) NumBatchesTracked.Add_(1);
        return Functional.BatchNorm(input, RunningMean, RunningVar, Weight, Bias, Training, Momentum, Eps);
    }

    internal void RefreshShape() => NumFeatures = Weight.Shape[0];

    public override string Describe() => $"BatchNorm2d({NumFeatures})";
}
