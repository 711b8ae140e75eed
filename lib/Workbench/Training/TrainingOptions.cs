using Workbench.Data;
using Workbench.Torch;

namespace Workbench.Training;

/// <summary>
/// Everything that decides a training run. The defaults are the CIFAR ResNet recipe's optimizer
/// (SGD, momentum 0.9, weight decay 1e-4, batch 128) with a constant learning rate.
/// </summary>
public sealed record TrainingOptions
{
    public int Epochs { get; init; } = 10;
    public int BatchSize { get; init; } = 128;
    public double LearningRate { get; init; } = 0.1;
    public double Momentum { get; init; } = 0.9;
    public bool Nesterov { get; init; }
    public double WeightDecay { get; init; } = 1e-4;
    /// <summary>Defaults to a constant <see cref="LearningRate"/>.</summary>
    public LearningRateSchedule? Schedule { get; init; }
    /// <summary>Fixes data order, augmentation and dropout: the same seed on CPU gives the same run.</summary>
    public int Seed { get; init; }
    public Device Device { get; init; } = Device.Cpu;
    public Augmentation? Augmentation { get; init; }
    public Normalization? Normalization { get; init; }
    /// <summary>
    /// The model alone, written after every epoch (atomically); the optimizer state needed to resume goes
    /// beside it (<see cref="Trainer.ResumePath"/>) until the run ends. An existing run there is resumed
    /// when <see cref="Resume"/> is set, and only if it was made with the same settings.
    /// </summary>
    public string? CheckpointPath { get; init; }
    public bool Resume { get; init; } = true;
    /// <summary>
    /// What else decided the run and must match to resume it, such as the dataset and its sizes; the
    /// trainer adds its own options and the network's architecture.
    /// </summary>
    public IReadOnlyDictionary<string, string>? RunDescription { get; init; }
    public int EvaluationBatchSize { get; init; } = 500;
    /// <summary>
    /// Steps between progress reports. Each reads the running loss to the host, which on a GPU waits for
    /// the device, so reports are spaced out; a diverged loss is caught at the next report.
    /// </summary>
    public int ProgressEvery { get; init; } = 10;

    public LearningRateSchedule EffectiveSchedule => Schedule ?? LearningRateSchedule.Constant(LearningRate);

    internal void Validate()
    {
        if (Epochs < 0) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "epochs must not be negative");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "batch size must be at least 1");
        if (ProgressEvery < 1) throw new ArgumentOutOfRangeException(nameof(ProgressEvery), ProgressEvery, "progress must be reported at least every 1 step");
        if (EvaluationBatchSize < 1) throw new ArgumentOutOfRangeException(nameof(EvaluationBatchSize), EvaluationBatchSize, "evaluation batch size must be at least 1");
    }
}
