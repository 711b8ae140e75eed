using Workbench.Graph;
using Workbench.Pruning.Criteria;
using Workbench.Pruning.Selection;

namespace Workbench.Pruning.Groups;

/// <summary>
/// Anwar and Sung's least adversarial mask over a group's channels: <see cref="Trials"/> random candidates at the
/// ratio, each computed with (the network's weights untouched) and scored by <paramref name="evaluate"/>, the lowest
/// MCR kept (ties: lower loss, then the earlier candidate). The same seed draws the same candidates.
/// </summary>
/// <param name="evaluate">MCR (%) and loss of the network as it computes now, e.g. <see cref="ValidationEvaluator.EvaluateCurrent"/>.</param>
/// <param name="trials">candidates drawn per group (the paper's N).</param>
/// <param name="seed">the draws' seed, mixed with the group's name and the ratio.</param>
public sealed class LeastAdversarialGroupSelector(Func<(double Mcr, double Loss)> evaluate, int trials, int seed = 0) : IGroupSelector
{
    public int Trials { get; } = trials >= 1 ? trials : throw new ArgumentOutOfRangeException(nameof(trials), trials, "least-adversarial selection needs at least one trial");
    public string Name => $"least-adversarial (N={Trials})";

    public GroupSelection Select(ChannelGroup group, double ratio)
    {
        var random = new RandomScore(StableSeed.Of(seed, group.Name, "group", ratio));
        GroupChoice? best = null;
        CandidateScore? bestScore = null;
        var scores = new List<CandidateScore>(Trials);
        for (var t = 0; t < Trials; t++)
        {
            Interrupt.ThrowIfRequested();
            var candidate = GroupChoice.LowestScores(group, random.Score(group), ratio);
            (double Mcr, double Loss) result;
            using (GroupPruning.Try(candidate.Removed)) result = evaluate();
            var score = new CandidateScore(t, result.Mcr, result.Loss);
            scores.Add(score);
            if (bestScore is null || score.Mcr < bestScore.Mcr || (score.Mcr == bestScore.Mcr && score.Loss < bestScore.Loss))
                (best, bestScore) = (candidate, score);
        }
        return new GroupSelection(best!, scores);
    }
}
