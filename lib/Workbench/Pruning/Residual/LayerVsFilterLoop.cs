using System.Diagnostics;
using System.Text.Json;
using Workbench.Checkpoints;
using Workbench.Data;
using Workbench.Nn;
using Workbench.Nn.Models;
using Workbench.Pruning.Criteria;
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
    /// <summary>Which filters the filter candidate removes: L1 (the loop's first runs) or the authors' KL divergence.</summary>
    public FilterCriterion FilterCriterion { get; init; } = FilterCriterion.L1;
    /// <summary>The KL criterion's images: the first this many held-out images of each class (the authors: 500).</summary>
    public int KlImagesPerClass { get; init; } = 500;
    /// <summary>
    /// How the chosen network trains at the end of every iteration (the authors: 190 epochs, lr ÷10 at epoch 100 and
    /// ÷100 at 150, with augmentation); null or 0 epochs: not at all, as in the loop's first runs.
    /// </summary>
    public TrainingOptions? ChosenTraining { get; init; }
}

/// <summary>
/// do Nascimento et al. 2025, "Pruning Everything, Everywhere, All at Once": at each iteration build
/// a layer candidate (the parent without its lowest-scoring block, by 1 − CKA) and a filter candidate
/// (the parent with a matched amount of internal filters removed, lowest L1 or KL score first), fine-tune both,
/// keep the one whose penultimate features are more similar (linear CKA) to the parent's, and optionally train it
/// further (<see cref="LoopOptions.ChosenTraining"/>). Repeat until the target MAC reduction is reached or no block
/// may be removed. With a folder, every iteration's network and log are saved, and a rerun resumes after the last
/// completed iteration, or within the chosen network's training after its last completed epoch.
/// Both candidates are already compact networks (blocks and filters physically gone), so they train at their own cost.
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

    /// <summary>Every epoch of the chosen network's training, with its iteration: the run's learning curve.</summary>
    public Action<int, EpochRecord>? ChosenEpochCompleted { get; init; }

    public (ResNetCifar Network, IReadOnlyList<LoopIteration> Log) Run(ResNetCifar original, Dataset train, Dataset heldOut, Normalization? normalization, string? folder = null)
    {
        PruneCount.CheckRatio(options.TargetMacReduction, nameof(options.TargetMacReduction));
        if (options.KlImagesPerClass < 1) throw new ArgumentOutOfRangeException(nameof(options), options.KlImagesPerClass, "the KL criterion needs at least one image per class");
        var originalMacs = ModelStats.Count(original, original.InputShape).TotalMacs;
        if (folder is not null && LoopSettings.Of(options, original, train, heldOut).Claim(folder) is { } note) Status?.Invoke($"note: {note}");
        using var klImages = options.FilterCriterion == FilterCriterion.Kl ? PerClassSample.First(heldOut, options.KlImagesPerClass) : null;
        var (parent, log) = Resume(original, folder);
        try
        {
            while (Reduction(parent, originalMacs) < options.TargetMacReduction)
            {
                Interrupt.ThrowIfRequested();
                var clock = Stopwatch.StartNew();
                var number = log.Count + 1;
                LoopIteration choice;
                if (PendingChoice.Load(folder, number, original.Device) is { } pending)
                {
                    Status?.Invoke($"iteration {number}: resuming the training of the network it chose ({pending.Record.Winner} candidate)");
                    if (!ReferenceEquals(parent, original)) parent.Dispose();
                    (parent, choice) = pending;
                }
                else
                {
                    if (Choose(parent, number, train, heldOut, normalization, klImages) is not { } chosen) break;
                    if (!ReferenceEquals(parent, original)) parent.Dispose();
                    (parent, choice) = chosen;
                    if (folder is not null && TrainsChosen) PendingChoice.Save(folder, parent, choice with { Seconds = clock.Elapsed.TotalSeconds });
                }
                TrainChosen(parent, number, train, normalization, folder);

                var stats = ModelStats.Count(parent, parent.InputShape);
                var accuracy = Evaluation.Of(parent, heldOut, normalization).Accuracy;
                var iteration = choice with
                {
                    Macs = stats.TotalMacs, Parameters = stats.TotalParameters, MacReduction = 1 - (double)stats.TotalMacs / originalMacs,
                    ValidationAccuracy = accuracy, Seconds = choice.Seconds + clock.Elapsed.TotalSeconds,
                };
                log.Add(iteration);
                Save(folder, parent, log);
                if (folder is not null) PendingChoice.Clear(folder);
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

    /// <summary>
    /// One iteration's choice: the candidates built from <paramref name="parent"/>, fine-tuned, and the winner kept
    /// (its record's measurements still empty); null when no block may be removed.
    /// </summary>
    private (ResNetCifar Winner, LoopIteration Choice)? Choose(ResNetCifar parent, int number, Dataset train, Dataset heldOut, Normalization? normalization, Dataset? klImages)
    {
        // The parent's features serve both the block scores and the candidates' CKA.
        using var reference = FeatureCapture.Penultimate(parent, heldOut, normalization, options.CkaImages, CkaBatch);
        // Filter-only runs still size each step by a removable block, so every mode moves in comparable steps.
        var scores = options.Candidates == LoopCandidates.FiltersOnly
            ? BlockScores.ByL1(parent, options.MinimumBlocksPerStage)
            : BlockScores.ByCka(parent, heldOut, normalization, options.MinimumBlocksPerStage, options.CkaImages, CkaBatch, reference);
        if (scores.Count == 0) { Status?.Invoke("no block may be removed: stopping"); return null; }
        var block = scores.MinBy(kv => kv.Value).Key;
        Status?.Invoke($"iteration {number}: layer candidate without {block} (score {scores[block]:F4})");

        // Memoized: MAC matching removes filters from the same parent at every trial size.
        ICriterion criterion = klImages is null ? new L1Norm() : new MemoizedCriterion(new OutputKlDivergence(parent, klImages, normalization));
        ResNetCifar? layer = null, filter = null;
        try
        {
            layer = BlockRemoval.Remove(parent, block, options.MinimumBlocksPerStage);
            var filters = FiltersToMatch(parent, layer, block, criterion);
            if (options.Candidates != LoopCandidates.LayersOnly) filter = ResidualFilterPruning.RemoveFilters(parent, filters, criterion);
            if (options.Candidates == LoopCandidates.FiltersOnly) { layer.Dispose(); layer = null; }
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
            (layer, filter) = (null, null);
            return (winner, new LoopIteration(number, layerWins ? "layer" : "filter", block, filters, layerCka, filterCka, 0, 0, 0, double.NaN, 0));
        }
        catch
        {
            layer?.Dispose();
            filter?.Dispose();
            throw;
        }
    }

    private bool TrainsChosen => options.ChosenTraining is { Epochs: > 0 };

    /// <summary>The authors' long training of each iteration's choice; with a folder it checkpoints every epoch and resumes from there.</summary>
    private void TrainChosen(ResNetCifar network, int number, Dataset train, Normalization? normalization, string? folder)
    {
        if (options.ChosenTraining is not { Epochs: > 0 } training) return;
        Status?.Invoke($"  training the chosen network: {training.Epochs} epochs, {training.EffectiveSchedule.Describe()}");
        new Trainer(network, training with
        {
            Normalization = normalization, Resume = true,
            CheckpointPath = folder is null ? null : PendingChoice.TrainingPath(folder),
            RunDescription = new Dictionary<string, string> { ["loop-iteration"] = number.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        })
        { Progress = FineTuneProgress, EpochCompleted = epoch => ChosenEpochCompleted?.Invoke(number, epoch) }.Fit(train);
    }

    private int FiltersToMatch(ResNetCifar parent, ResNetCifar layerCandidate, string block, ICriterion criterion)
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
            using var trial = ResidualFilterPruning.RemoveFilters(parent, n, criterion);
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
