using Workbench.Graph;

namespace Workbench.Pruning.Groups;

/// <summary>An importance score per unit of a channel group (higher = more important), for any traced network.</summary>
public interface IGroupCriterion
{
    string Name { get; }

    /// <summary>One score per unit of <paramref name="group"/>, in <see cref="ChannelGroup.Units"/> order.</summary>
    double[] Score(ChannelGroup group);
}

/// <summary>
/// The norm criteria on a group: each member's weights for a unit (a filter's row, the columns that read it, all of a
/// flattened map's columns) reduced to a p-norm, then averaged over the members that have weights, as Torch-Pruning
/// reduces a group's importance by default.
/// </summary>
internal static class GroupNorms
{
    public static double[] Of(ChannelGroup group, double p)
    {
        var norms = group.Members.Select(m => (Member: m, Norms: m.Kind.Norms(m.Module, m.Role, p))).Where(x => x.Norms is not null).ToList();
        return group.Units.Select(unit =>
        {
            var perMember = unit.Indices
                .Select(x => norms.FirstOrDefault(n => n.Member == x.Member).Norms is { } n ? (double?)Combine(x.Indices.Select(i => n[i]), p) : null)
                .Where(v => v is not null).Select(v => v!.Value).ToList();
            return perMember.Count == 0 ? 0 : perMember.Average();
        }).ToArray();
    }

    // The p-norm of several slices' p-norms is the p-norm of their union.
    private static double Combine(IEnumerable<double> norms, double p) => Math.Pow(norms.Sum(n => Math.Pow(n, p)), 1 / p);
}
