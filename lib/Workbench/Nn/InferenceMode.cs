using Workbench.Torch;

namespace Workbench.Nn;

/// <summary>
/// Evaluation mode without gradients for the lifetime of a using block, then the model's previous
/// mode back: the network is measured as it predicts (BatchNorm on its running
/// statistics, no dropout), and the caller's training state survives the measurement.
/// </summary>
internal sealed class InferenceMode : IDisposable
{
    private readonly Module model;
    private readonly bool wasTraining;
    private readonly GradModeScope noGrad;

    public InferenceMode(Module model)
    {
        this.model = model;
        wasTraining = model.Training;
        model.Eval();
        noGrad = Autograd.NoGrad();
    }

    public void Dispose()
    {
        noGrad.Dispose();
        model.Train(wasTraining);
    }
}
