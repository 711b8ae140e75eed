using Workbench.Training;

namespace Workbench.Pruning.Residual;

/// <summary>The learning-rate schedule of do Nascimento et al.'s training of each chosen network, for any length.</summary>
public static class AuthorsSchedule
{
    /// <summary>
    /// Their 190 epochs divide the rate by 10 at epoch 100 and by 100 at 150; a shorter run divides it at the same
    /// fractions of its length (rounded), so that 190 epochs give exactly theirs.
    /// </summary>
    public static LearningRateSchedule Step(double learningRate, int epochs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epochs);
        int At(int of190) => (int)Math.Round(epochs * of190 / 190.0, MidpointRounding.AwayFromZero);
        return LearningRateSchedule.MultiStep(learningRate, [At(100), At(150)]);
    }
}
