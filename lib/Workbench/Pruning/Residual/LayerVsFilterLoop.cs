using System.Diagnostics;
using System.Text.Json;
using Workbench.Checkpoints;
using Workbench.Data;
using Workbench.Nn;
using Workbench.Nn.Models;
using Workbench.Similarity;
using Workbench.Torch;
using Workbench.Training;

namespace Workbench.Pruning.Residual;

/// <summary>Settings of the layer-vs-filter loop.</summary>
public sealed record LoopOptions
{
    /// <summary>Stop once the MACs are reduced by this fraction of the original network's.</summary>
    public double TargetMacReduction { get; init; } = 0.6;
    public FilterMatch Match { get; init; } = FilterMatch.Filters;
    /// <summary>Both candidates (the method), or only one kind: the baselines it is compared with at the same MAC budget.</summary>
    public LoopCandidates Candidates { get; init; } = LoopCandidates.Both;
    public int MinimumBlocksPerStage { get; init; } = 2;
    /// <summary>Held-out images for block scores and for the candidates' CKA.</summary>
    public int CkaImages { get; init; } = 500;
    /// <summary>How each candidate is fine-tuned (the authors: about 10 epochs of SGD, lr 0.01, momentum 0.9, Nesterov, batch 128).</summary>
    public TrainingOptions FineTuning { get; init; } = new() { Epochs = 10, LearningRate = 0.01, Momentum = 0.9, Nesterov = true, BatchSize = 128 };
}

/// <summary>
/// do Nascimento et al. 2025, "Pruning Everything, Everywhere, All at Once": at each iteration build
/// a layer candidate (the parent without its lowest-scoring block, by 1 − CKA) and a filter candidate
/// (the parent with a matched amount of internal filters removed, lowest L1 first), fine-tune both,
/// and keep the one whose penultimate features are more similar (linear CKA) to the parent's.
/// Repeat until the target MAC reduction is reached or no block may be removed. With a folder, every
/// iteration's network and log are saved, and a rerun resumes after the last completed iteration.
/// </summary>
public sealed class LayerVsFilterLoop(LoopOptions options)
{
    public const string LogFile = "loop.json";
    public const string NetworkFile = "current.safetensors";
    private const int CkaBatch = 250;

    /// <summary>How the log is written: single-kind runs leave the other candidate's CKA as NaN, which JSON spells as a string.</summary>
    public static readonly JsonSerializerOptions LogJson = new()
    {
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public Action<LoopIteration>? IterationCompleted { get; init; }
    public Action<string>? Status { get; init; }
    /// <summary>Every fine-tuning step of every candidate, for a progress bar.</summary>
    public IProgress<TrainingProgress>? FineTuneProgress { get; init; }

    public (ResNetCifar Network, IReadOnlyList<LoopIteration> Log) Run(ResNetCifar original, Dataset train, Dataset heldOut, Normalization? normalization, string? folder = null)
    {
        PruneCount.CheckRatio(options.TargetMacReduction, nameof(options.TargetMacReduction));
        var originalMacs = ModelStats.Count(original, original.InputShape).TotalMacs;
        if (folder is not null && LoopSettings.Of(options, original, train, heldOut).Claim(folder) is { } note) Status?.Invoke($"note: {note}");
        var (parent, log) = Resume(original, folder);
        try
        {
            while (Reduction(parent, originalMacs) < options.TargetMacReduction)
            {
                Interrupt.ThrowIfRequested();
                var clock = Stopwatch.StartNew();
                // The parent's features serve both the block scores and the candidates' CKA.
                using var reference = FeatureCapture.Penultimate(parent, heldOut, normalization, options.CkaImages, CkaBatch);
                // Filter-only runs still size each step by a removable block, so every mode moves in comparable steps.
                var scores = options.Candidates == LoopCandidates.FiltersOnly
                    ? BlockScores.ByL1(parent, options.MinimumBlocksPerStage)
                    : BlockScores.ByCka(parent, heldOut, normalization, options.MinimumBlocksPerStage, options.CkaImages, CkaBatch, reference);
                if (scores.Count == 0) { Status?.Invoke("no block may be removed: stopping"); break; }
                var block = scores.MinBy(kv => kv.Value).Key;
                Status?.Invoke($"iteration {log.Count + 1}: layer candidate without {block} (score {scores[block]:F4})");

                var layer = BlockRemoval.Remove(parent, block, options.MinimumBlocksPerStage);
                var filters = FiltersToMatch(parent, layer, block);
                ResNetCifar? filter = options.Candidates == LoopCandidates.LayersOnly ? null : ResidualFilterPruning.RemoveFilters(parent, filters);
                if (options.Candidates == LoopCandidates.FiltersOnly) { layer.Dispose(); layer = null!; }
                Status?.Invoke(options.Candidates switch
                {
                    LoopCandidates.LayersOnly => "  layers only: fine-tuning the layer candidate",
                    LoopCandidates.FiltersOnly => $"  filters only: fine-tuning the candidate without {filters} internal filters",
                    _ => $"  filter candidate without {filters} internal filters; fine-tuning both",
                });
                if (layer is not null) FineTune(layer, train, normalization);
                if (filter is not null) FineTune(filter, train, normalization);

                using var scope = DisposeScope.Enter();
                double Cka(ResNetCifar? candidate) => candidate is null ? double.NaN
                    : LinearCka.Compute(reference, FeatureCapture.Penultimate(candidate, heldOut, normalization, options.CkaImages, CkaBatch));
                var (layerCka, filterCka) = (Cka(layer), Cka(filter));
                var layerWins = options.Candidates switch
                {
                    LoopCandidates.LayersOnly => true,
                    LoopCandidates.FiltersOnly => false,
                    _ => layerCka >= filterCka,
                };
                var (winner, loser) = layerWins ? (layer!, filter) : (filter!, layer);
                loser?.Dispose();
                if (!ReferenceEquals(parent, original)) parent.Dispose();
                parent = winner;

                var stats = ModelStats.Count(parent, parent.InputShape);
                var accuracy = Evaluation.Of(parent, heldOut, normalization).Accuracy;
                var iteration = new LoopIteration(log.Count + 1, layerWins ? "layer" : "filter", block, filters, layerCka, filterCka,
                    stats.TotalMacs, stats.TotalParameters, 1 - (double)stats.TotalMacs / originalMacs, accuracy, clock.Elapsed.TotalSeconds);
                log.Add(iteration);
                Save(folder, parent, log);
                IterationCompleted?.Invoke(iteration);
            }
            return (ReferenceEquals(parent, original) ? NetworkCopy.Clone(original) : parent, log);
        }
        catch
        {
            if (!ReferenceEquals(parent, original)) parent.Dispose();
            throw;
        }
    }

    private int FiltersToMatch(ResNetCifar parent, ResNetCifar layerCandidate, string block)
    {
        var removed = (BasicBlock)parent.Stages[BlockRemoval.StageOf(block)][BlockRemoval.IndexOf(block)];
        var blockFilters = (int)(removed.Conv1.OutChannels + removed.Conv2.OutChannels);
        var available = ResidualFilterPruning.InternalFilters(parent) - parent.Blocks().Count();
        if (options.Match == FilterMatch.Filters) return Math.Min(blockFilters, available);
        // Grow the filter count until the filter candidate saves at least the layer candidate's MACs.
        var target = ModelStats.Count(parent, parent.InputShape).TotalMacs - ModelStats.Count(layerCandidate, parent.InputShape).TotalMacs;
        var parentMacs = ModelStats.Count(parent, parent.InputShape).TotalMacs;
        for (int n = 1; n <= available; n++)
        {
            using var trial = ResidualFilterPruning.RemoveFilters(parent, n);
            if (parentMacs - ModelStats.Count(trial, parent.InputShape).TotalMacs >= target) return n;
        }
        return available;
    }

    private void FineTune(ResNetCifar network, Dataset train, Normalization? normalization)
    {
        if (options.FineTuning.Epochs == 0) return;
        new Trainer(network, options.FineTuning with { Normalization = normalization, CheckpointPath = null }) { Progress = FineTuneProgress }.Fit(train);
    }

    private static double Reduction(ResNetCifar network, long originalMacs) =>
        1 - (double)ModelStats.Count(network, network.InputShape).TotalMacs / originalMacs;

    private static (ResNetCifar, List<LoopIteration>) Resume(ResNetCifar original, string? folder)
    {
        if (folder is null || !File.Exists(Path.Combine(folder, LogFile)) || !File.Exists(Path.Combine(folder, NetworkFile))) return (original, []);
        var log = JsonSerializer.Deserialize<List<LoopIteration>>(File.ReadAllText(Path.Combine(folder, LogFile)), LogJson) ?? [];
        using var loaded = ModelCheckpoint.Load(Path.Combine(folder, NetworkFile), original.Device);
        if (loaded.Model is not ResNetCifar resumed)
            throw new InvalidDataException($"'{Path.Combine(folder, NetworkFile)}' does not hold a CIFAR ResNet");
        return (NetworkCopy.Clone(resumed), log);
    }

    private static void Save(string? folder, ResNetCifar network, List<LoopIteration> log)
    {
        if (folder is null) return;
        Directory.CreateDirectory(folder);
        // The network first: a crash between the two writes replays one iteration rather than skipping one.
        ModelCheckpoint.Save(Path.Combine(folder, NetworkFile), network);
        AtomicFile.Write(Path.Combine(folder, LogFile), stream => JsonSerializer.Serialize(stream, log, LogJson));
    }
}
