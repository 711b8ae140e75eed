namespace Workbench.Training;

/// <summary>Reported every <see cref="TrainingOptions.ProgressEvery"/> steps and after an epoch's last, so a CLI or notebook can draw a progress bar.</summary>
public sealed record TrainingProgress(int Epoch, int Epochs, int Step, int StepsPerEpoch, double Loss, double LearningRate);

/// <summary>What one epoch achieved: training loss and accuracy, and the evaluation on held-out data.</summary>
public sealed record EpochRecord(int Epoch, double LearningRate, double TrainLoss, double TrainAccuracy, Evaluation? Validation, double Seconds);

/// <summary>The loss became NaN or infinite: the run stopped rather than produce garbage.</summary>
public sealed class TrainingDivergedException(int epoch, int step, double learningRate, double loss)
    : Exception($"training diverged: the mean loss became {loss} in epoch {epoch} by step {step} (learning rate {learningRate:G3}); lower the learning rate or check the data")
{
    public int Epoch { get; } = epoch;
    public int Step { get; } = step;
}
