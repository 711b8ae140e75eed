namespace Workbench.Cli.Sweep;

/// <summary>The order runs can go in: each after the runs whose outputs it reads.</summary>
internal static class PlanOrder
{
    /// <summary>Refuses a plan whose runs wait on one another in a circle, naming the circle.</summary>
    public static void CheckAcyclic(RunPlan plan)
    {
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false: on the path being walked; true: finished
        var path = new List<string>();
        void Visit(PlannedRun run)
        {
            if (state.TryGetValue(run.Name, out var finished))
            {
                if (finished) return;
                var cycle = path[path.IndexOf(run.Name)..].Append(run.Name);
                throw new PlanException(plan.File, run.Name, "after", $"runs wait on one another in a circle: {string.Join(" -> ", cycle)}");
            }
            state[run.Name] = false;
            path.Add(run.Name);
            foreach (var dependency in run.DependsOn) Visit(plan[dependency]);
            path.RemoveAt(path.Count - 1);
            state[run.Name] = true;
        }
        foreach (var run in plan.Runs) Visit(run);
    }

    /// <summary>
    /// The runs still to do, in waves: wave 0 needs nothing that is not done, wave k needs something of wave k-1.
    /// Slurm gets one job array per wave (and per set of resources), each after the arrays it depends on.
    /// </summary>
    /// <param name="skip">Runs not to do: done, or already queued.</param>
    public static List<List<PlannedRun>> Waves(RunPlan plan, ISet<string> skip)
    {
        var wave = new Dictionary<string, int>(StringComparer.Ordinal);
        int WaveOf(PlannedRun run) => wave.TryGetValue(run.Name, out var w) ? w
            : wave[run.Name] = run.DependsOn.Where(d => !skip.Contains(d)).Select(d => WaveOf(plan[d]) + 1).DefaultIfEmpty(0).Max();
        var todo = plan.Runs.Where(r => !skip.Contains(r.Name)).ToList();
        return todo.GroupBy(WaveOf).OrderBy(g => g.Key).Select(g => g.ToList()).ToList();
    }
}
