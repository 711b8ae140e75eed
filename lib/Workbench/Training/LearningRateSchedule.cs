namespace Workbench.Training;

/// <summary>The learning rate for each epoch (0-based), set at the start of the epoch.</summary>
public abstract record LearningRateSchedule
{
    public abstract double At(int epoch);

    /// <summary>A stable one-line description, recorded in a run's settings.</summary>
    public abstract string Describe();

    public static LearningRateSchedule Constant(double lr) => new MultiStepSchedule(lr, [], 1);

    /// <summary>lr · gamma^(number of milestones ≤ epoch): the CIFAR ResNet recipe is MultiStep(0.1, [100, 150]).</summary>
    public static LearningRateSchedule MultiStep(double lr, int[] milestones, double gamma = 0.1) => new MultiStepSchedule(lr, milestones, gamma);

    /// <summary>Cosine annealing from lr at epoch 0 towards <paramref name="minimum"/> at epoch <paramref name="epochs"/>.</summary>
    public static LearningRateSchedule Cosine(double lr, int epochs, double minimum = 0) => new CosineSchedule(lr, epochs, minimum);

    /// <summary>Parses "constant", "multistep:100,150" or "cosine" for the command line.</summary>
    public static LearningRateSchedule Parse(string text, double lr, int epochs)
    {
        var s = text.Trim().ToLowerInvariant();
        if (s == "constant") return Constant(lr);
        if (s == "cosine") return Cosine(lr, epochs);
        if (s == "multistep") return MultiStep(lr, [epochs / 2, epochs * 3 / 4]);
        if (s.StartsWith("multistep:", StringComparison.Ordinal))
        {
            var parts = s["multistep:".Length..].Split(',', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length > 0 && parts.All(p => int.TryParse(p, out var m) && m > 0))
            {
                var milestones = parts.Select(int.Parse).ToArray();
                for (int i = 1; i < milestones.Length; i++)
                    if (milestones[i] <= milestones[i - 1])
                        throw new ArgumentException($"learning-rate schedule '{text}': milestones must increase, but {milestones[i]} follows {milestones[i - 1]}");
                return MultiStep(lr, milestones);
            }
        }
        throw new ArgumentException($"unknown learning-rate schedule '{text}': expected constant, cosine, multistep or multistep:E1,E2,...");
    }
}

public sealed record MultiStepSchedule(double LearningRate, int[] Milestones, double Gamma) : LearningRateSchedule
{
    public override double At(int epoch) => LearningRate * Math.Pow(Gamma, Milestones.Count(m => m <= epoch));

    public override string Describe() => Milestones.Length == 0
        ? FormattableString.Invariant($"constant {LearningRate:R}")
        : FormattableString.Invariant($"multistep {LearningRate:R} x{Gamma:R} at {string.Join(",", Milestones)}");
}

public sealed record CosineSchedule(double LearningRate, int Epochs, double Minimum) : LearningRateSchedule
{
    public override double At(int epoch) =>
        Minimum + (LearningRate - Minimum) * (1 + Math.Cos(Math.PI * Math.Min(epoch, Epochs) / Epochs)) / 2;

    public override string Describe() => FormattableString.Invariant($"cosine {LearningRate:R} to {Minimum:R} over {Epochs}");
}
