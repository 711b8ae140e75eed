namespace Workbench.Pruning.Residual;

/// <summary>
/// A loop's validation accuracy at any MAC reduction along its way, read off the straight lines between
/// its iterations (the baseline at 0). Loops stop at the first step past their target, and one block
/// is a coarse step (11.7% of ResNet20's MACs), so runs end at different reductions; comparing them at
/// one reduction needs their trajectories, not their last rows.
/// </summary>
public static class LoopTrajectory
{
    /// <param name="log">The loop's iterations, in order.</param>
    /// <param name="baselineAccuracy">The unpruned network's validation accuracy, the trajectory's start at 0.</param>
    /// <param name="macReduction">Where to read it, 0..1.</param>
    /// <returns>The interpolated accuracy; NaN when the loop stopped short of <paramref name="macReduction"/>.</returns>
    public static double AccuracyAt(IReadOnlyList<LoopIteration> log, double baselineAccuracy, double macReduction)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (!(macReduction is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(macReduction), macReduction, "a MAC reduction lies in 0..1");
        var (x0, y0) = (0.0, baselineAccuracy);
        if (macReduction == 0) return baselineAccuracy;
        foreach (var step in log)
        {
            var (x1, y1) = (step.MacReduction, step.ValidationAccuracy);
            if (x1 >= macReduction)
                return x1 == x0 ? y1 : y0 + (y1 - y0) * (macReduction - x0) / (x1 - x0);
            (x0, y0) = (x1, y1);
        }
        return double.NaN;
    }

    /// <summary>
    /// Where a loop first lost more than <paramref name="maxLoss"/> of accuracy against the baseline, and the last
    /// reduction it reached before that. This separates "the last step overshot" from "accuracy went earlier": a
    /// loop whose loss passed the limit below its target would not be rescued by a smaller last step.
    /// </summary>
    /// <returns>The last iteration's reduction before the first one beyond the limit (0 when that is the first), and
    /// that iteration's reduction (NaN when every iteration stayed within it).</returns>
    public static (double LastWithin, double FirstBeyond) LossOnset(IReadOnlyList<LoopIteration> log, double baselineAccuracy, double maxLoss)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (!(maxLoss >= 0)) throw new ArgumentOutOfRangeException(nameof(maxLoss), maxLoss, "an accuracy loss limit is 0 or more");
        var lastWithin = 0.0;
        foreach (var step in log)
        {
            if (baselineAccuracy - step.ValidationAccuracy > maxLoss) return (lastWithin, step.MacReduction);
            lastWithin = step.MacReduction;
        }
        return (lastWithin, double.NaN);
    }
}
