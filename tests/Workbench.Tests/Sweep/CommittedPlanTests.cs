using System.Globalization;
using Workbench.Tests.EndToEnd;
using static Workbench.Tests.Sweep.SweepChecks;

namespace Workbench.Tests.Sweep;

/// <summary>
/// The experiment sets behind docs/results.md are plans: each one is accepted whole by the verbs it names, and
/// pointed at the committed results, the coarse and layer-vs-filter sets find every run done, run nothing, and
/// report the figures the committed reports hold.
/// </summary>
public sealed class CommittedPlanTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    public static TheoryData<string> Plans() =>
        [.. Directory.GetFiles(ShippedNotebooks.RepoFile("docs/experiments/plans"), "*.toml").Select(Path.GetFileName).OfType<string>().Order()];

    [Theory]
    [MemberData(nameof(Plans))]
    public void EveryCommittedPlanIsAcceptedByTheVerbsItRuns(string plan)
    {
        var (exit, stdout, stderr) = RunSweep(ShippedNotebooks.RepoFile($"docs/experiments/plans/{plan}"), "--dry-run", "--root", folder["out"]);
        Assert.True(exit == 0, stderr);
        Assert.Contains(": workbench '", stdout);
        Assert.False(Directory.Exists(folder["out"]));
    }

    [Theory]
    [InlineData("coarse-real", 11)]
    [InlineData("layer-vs-filter-real", 3)]
    public void PointedAtTheCommittedResultsAPlanFindsEveryRunDoneAndRunsNothing(string plan, int runs)
    {
        var results = ShippedNotebooks.RepoFile("docs/experiments/results");
        var file = ShippedNotebooks.RepoFile($"docs/experiments/plans/{plan}.toml");
        var before = Directory.GetFileSystemEntries(results, "*", SearchOption.AllDirectories).Order().ToList();
        var (exit, stdout, stderr) = RunSweep(file, "--root", results);
        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains($"all {runs} runs are done under {results}", stdout);
        Assert.Equal(before, Directory.GetFileSystemEntries(results, "*", SearchOption.AllDirectories).Order());

        (exit, stdout, _) = RunSweep("status", file, "--root", results);
        Assert.Equal(0, exit);
        Assert.Contains($"{runs} runs: {runs} done", stdout);
    }

    [Fact]
    public void StatusShowsTheCommittedReportsOwnFigures()
    {
        var results = ShippedNotebooks.RepoFile("docs/experiments/results");
        var (_, stdout, _) = RunSweep("status", ShippedNotebooks.RepoFile("docs/experiments/plans/coarse-real.toml"), "--root", results);
        foreach (var seed in new[] { 0, 1, 2 })
        {
            var report = Json(Path.Combine(results, $"coarse-real/combined-s{seed}.report.json")).GetProperty("report");
            double before = report.GetProperty("mcrBefore").GetDouble(), after = report.GetProperty("mcrAfter").GetDouble();
            var expected = string.Create(CultureInfo.InvariantCulture,
                $"combined-s{seed}       done     conv sparsity {report.GetProperty("convSparsity").GetDouble() * 100:F2} %, test MCR {after:F2} % ({after - before:+0.00;-0.00} points)");
            Assert.Contains(expected, stdout);
        }
        var loop = Json(Path.Combine(results, "layer-vs-filter-real/loop-both.loop.json"));
        (_, stdout, _) = RunSweep("status", ShippedNotebooks.RepoFile("docs/experiments/plans/layer-vs-filter-real.toml"), "--root", results);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"test accuracy {loop.GetProperty("test").GetProperty("Accuracy").GetDouble() * 100:F2} %"), stdout);
        var checkpoints = ShippedNotebooks.RepoFile("docs/experiments/checkpoints");
        (_, stdout, _) = RunSweep("status", ShippedNotebooks.RepoFile("docs/experiments/plans/baselines.toml"), "--root", checkpoints);
        foreach (var baseline in new[] { "convnet-w0.25", "resnet20" })
        {
            var accuracy = Json(Path.Combine(checkpoints, $"{baseline}.metrics.json")).GetProperty("test").GetProperty("Accuracy").GetDouble();
            Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"{baseline,-13}  done     test accuracy {accuracy * 100:F2} %"), stdout);
        }
    }
}
