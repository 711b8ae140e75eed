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

    [Fact]
    public void TheLossOnsetIsTheFirstIterationBeyondTheLimitAndTheReductionBeforeIt()
    {
        IReadOnlyList<LoopIteration> log = [Step(0.12, 0.9268), Step(0.23, 0.9310), Step(0.47, 0.9266), Step(0.59, 0.9174), Step(0.70, 0.9210)];
        Assert.Equal((0.47, 0.59), LoopTrajectory.LossOnset(log, 0.9322, 0.01));   // the fourth step lost 1.48 points
        Assert.Equal((0.0, 0.12), LoopTrajectory.LossOnset(log, 0.9322, 0.005));   // the first step already lost 0.54
        var (last, beyond) = LoopTrajectory.LossOnset(log, 0.9322, 0.02);
        Assert.Equal(0.70, last);
        Assert.True(double.IsNaN(beyond));                                         // never lost two points
        Assert.Throws<ArgumentOutOfRangeException>(() => LoopTrajectory.LossOnset(log, 0.9322, -0.01));
    }

    [Fact]
    public void EveryIterationBeforeTheOnsetIsWithinTheLimitAndTheOnsetIsNot()
    {
        var logs = Gen.Choose(0, 1000).Select(v => v / 1000.0).ListOf()
            .Select(accuracies => accuracies.Select((a, k) => Step((k + 1) / (double)(accuracies.Count + 1), a)).ToList());
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), Prop.ForAll(logs.ToArbitrary(), Gen.Choose(0, 500).Select(v => v / 1000.0).ToArbitrary(), (log, limit) =>
        {
            const double baseline = 0.9;
            var (last, beyond) = LoopTrajectory.LossOnset(log, baseline, limit);
            bool Within(LoopIteration s) => baseline - s.ValidationAccuracy <= limit;
            // Reductions rise strictly here, so the iterations up to 'last' are those before the onset.
            var allBeforeWithin = log.Where(s => s.MacReduction <= last).All(Within);
            var nothingBetween = !log.Any(s => s.MacReduction > last && s.MacReduction < (double.IsNaN(beyond) ? 2 : beyond));
            var onsetBeyond = double.IsNaN(beyond) || !Within(log.Single(s => s.MacReduction == beyond));
            var lastIsAStep = last == 0 || log.Any(s => s.MacReduction == last);
            return allBeforeWithin && nothingBetween && onsetBeyond && lastIsAStep;
        }));
    }
}
