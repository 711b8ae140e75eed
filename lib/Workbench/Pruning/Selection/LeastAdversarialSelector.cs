using Workbench.Nn;
using Workbench.Pruning.Criteria;

namespace Workbench.Pruning.Selection;

/// <summary>
/// Anwar and Sung's least adversarial mask: draw <see cref="Trials"/> random candidate masks at the
/// ratio, evaluate each on validation data, keep the one with the lowest misclassification rate
/// (ties: lower loss, then the earlier candidate). Every candidate's score is returned so a notebook
/// can plot the distribution. The same seed draws the same candidates.
/// </summary>
public sealed class LeastAdversarialSelector : ISelector
{
    public int Trials { get; }
    public int Seed { get; }
    public ICandidateEvaluator Evaluator { get; }
    public string Name => $"least-adversarial (N={Trials})";

    /// <summary>Told about every candidate as soon as it is evaluated (for progress bars).</summary>
    public IProgress<CandidateScore>? Progress { get; init; }

    public LeastAdversarialSelector(ICandidateEvaluator evaluator, int trials, int seed = 0)
    {
        if (trials < 1) throw new ArgumentOutOfRangeException(nameof(trials), trials, "least-adversarial selection needs at least one trial");
        (Evaluator, Trials, Seed) = (evaluator, trials, seed);
    }

    public SelectionResult Select(ConvLayer layer, Granularity granularity, double ratio)
    {
        var random = new RandomScore(StableSeed.Of(Seed, layer.Name, granularity.Name, ratio));
        UnitChoice? best = null;
        CandidateScore? bestScore = null;
        var scores = new List<CandidateScore>(Trials);
        using var session = Evaluator.Begin(layer);
        for (int t = 0; t < Trials; t++)
        {
            Interrupt.ThrowIfRequested();
            var candidate = UnitChoice.LowestScores(layer, granularity, random.Score(layer, granularity), ratio);
            var (mcr, loss) = session.Evaluate(candidate);
            var score = new CandidateScore(t, mcr, loss);
            scores.Add(score);
            Progress?.Report(score);
            if (bestScore is null || mcr < bestScore.Mcr || (mcr == bestScore.Mcr && loss < bestScore.Loss))
                (best, bestScore) = (candidate, score);
        }
        return new SelectionResult(best!, scores);
    }
}
