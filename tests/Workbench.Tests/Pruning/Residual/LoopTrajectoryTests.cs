using FsCheck;
using FsCheck.Fluent;
using Workbench.Pruning.Residual;

namespace Workbench.Tests.Pruning.Residual;

public class LoopTrajectoryTests
{
    private static LoopIteration Step(double reduction, double accuracy) => new(1, "layer", "layer1.0", 0, 1, 1, 0, 0, reduction, accuracy, 0);

    [Fact]
    public void AccuracyIsReadOffTheLineBetweenTheIterationsAroundTheReduction()
    {
        IReadOnlyList<LoopIteration> log = [Step(0.2, 0.90), Step(0.5, 0.84), Step(0.7, 0.80)];
        Assert.Equal(0.95, LoopTrajectory.AccuracyAt(log, 0.95, 0), 12);
        Assert.Equal(0.925, LoopTrajectory.AccuracyAt(log, 0.95, 0.1), 12); // halfway from the baseline to the first step
        Assert.Equal(0.86, LoopTrajectory.AccuracyAt(log, 0.95, 0.4), 12);  // two thirds of the way from 0.2 to 0.5
        Assert.Equal(0.80, LoopTrajectory.AccuracyAt(log, 0.95, 0.7), 12);
        Assert.True(double.IsNaN(LoopTrajectory.AccuracyAt(log, 0.95, 0.71))); // past the last step: not measured
        Assert.Throws<ArgumentOutOfRangeException>(() => LoopTrajectory.AccuracyAt(log, 0.95, 1.5));
    }

    [Fact]
    public void AtEveryIterationsOwnReductionItGivesThatIterationsAccuracyAndBetweenItStaysInsideTheirRange()
    {
        var logs = Gen.Choose(1, 100).Select(v => v / 1000.0).ListOf().Where(l => l.Count > 0)
            .SelectMany(gaps => Gen.Choose(0, 1000).Select(v => v / 1000.0).ArrayOf(gaps.Count).Select(accuracies =>
            {
                double reduction = 0;
                return gaps.Select((g, k) => Step(reduction = Math.Min(1, reduction + g), accuracies[k])).ToList();
            }));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), Prop.ForAll(logs.ToArbitrary(), log =>
        {
            const double baseline = 0.5;
            var onSteps = log.Select((s, k) => k > 0 && log[k - 1].MacReduction == s.MacReduction
                || Math.Abs(LoopTrajectory.AccuracyAt(log, baseline, s.MacReduction) - s.ValidationAccuracy) < 1e-12).All(ok => ok);
            var between = log.Select((s, k) =>
            {
                var (x0, y0) = k == 0 ? (0.0, baseline) : (log[k - 1].MacReduction, log[k - 1].ValidationAccuracy);
                if (s.MacReduction == x0) return true;
                var value = LoopTrajectory.AccuracyAt(log, baseline, (x0 + s.MacReduction) / 2);
                return value >= Math.Min(y0, s.ValidationAccuracy) - 1e-12 && value <= Math.Max(y0, s.ValidationAccuracy) + 1e-12;
            }).All(ok => ok);
            return onSteps && between;
        }));
    }
}
