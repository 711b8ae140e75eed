using System.Diagnostics;
using System.Text.Json;
using Workbench.Checkpoints;
using Workbench.Data;
using Workbench.Nn;
using Workbench.Torch;

namespace Workbench.Training;

/// <summary>
/// Trains a model with SGD and cross-entropy, evaluates it after every epoch, checkpoints it (the
/// model alone, so PyTorch loads it strictly), and resumes from it when rerun with the same settings. Every epoch reseeds libtorch from (seed, epoch) and the
/// loader draws its order from (seed, epoch), so a resumed run ends with the very weights an
/// uninterrupted run would have.
/// </summary>
public sealed class Trainer
{
    internal const string OptimizerPrefix = "optimizer.momentum.";
    internal const string HistoryKey = "workbench.history";
    internal const string NormalizationKey = "workbench.normalization";
    internal const string SettingsKey = "workbench.settings";

    private readonly Module model;
    private readonly TrainingOptions options;

    public Trainer(Module model, TrainingOptions options)
    {
        options.Validate();
        this.model = model;
        this.options = options;
    }

    public IProgress<TrainingProgress>? Progress { get; init; }

    /// <summary>Called after every epoch with its record (e.g. to print a line or plot a curve).</summary>
    public Action<EpochRecord>? EpochCompleted { get; init; }

    /// <summary>Called when a run resumes from its checkpoint, with the epochs it had already done.</summary>
    public Action<IReadOnlyList<EpochRecord>>? Resumed { get; init; }

    /// <summary>Where the optimizer state of an unfinished run is kept: beside the checkpoint, removed when the run ends.</summary>
    public static string ResumePath(string checkpoint) => Path.ChangeExtension(checkpoint, ".resume.safetensors");

    public IReadOnlyList<EpochRecord> Fit(Dataset train, Dataset? validation = null, CancellationToken cancellation = default)
    {
        model.To(options.Device);
        // On a GPU the training set moves there once, so batches are cut without a copy from the host.
        using var onDevice = options.Device.Accepts(train.Device) ? null : train.To(options.Device);
        var optimizer = new Sgd(model.NamedParameters(), options.LearningRate, options.Momentum, options.Nesterov, options.WeightDecay);
        try
        {
            var settings = Settings();
            var history = ResumeIfPossible(optimizer, settings);
            if (history.Count > 0) Resumed?.Invoke([.. history]);
            var loader = new BatchLoader(onDevice ?? train, options.BatchSize)
            {
                Seed = options.Seed, Device = options.Device, Augmentation = options.Augmentation, Normalization = options.Normalization,
            };
            for (int epoch = history.Count; epoch < options.Epochs; epoch++)
            {
                cancellation.ThrowIfCancellationRequested();
                var record = RunEpoch(epoch, loader, optimizer, validation, cancellation);
                history.Add(record);
                if (options.CheckpointPath is { } path) Save(path, optimizer, history, settings);
                EpochCompleted?.Invoke(record);
            }
            if (options.CheckpointPath is { } done && File.Exists(ResumePath(done))) Finish(done, history, settings);
            return history;
        }
        finally
        {
            optimizer.Reset();
        }
    }

    /// <summary>
    /// The resume state (model and momentum) is written before the model, so whichever write an
    /// interruption cuts short, the two files on disk can still be told apart by their histories.
    /// </summary>
    private void Save(string path, Sgd optimizer, List<EpochRecord> history, RunSettings settings)
    {
        if (history.Count == options.Epochs)
        {
            Finish(path, history, settings);
            return;
        }
        var momentum = optimizer.State.ToDictionary(kv => OptimizerPrefix + kv.Key, kv => kv.Value);
        ModelCheckpoint.Save(ResumePath(path), model, momentum, Metadata(history, settings));
        ModelCheckpoint.Save(path, model, extraMetadata: Metadata(history, settings));
    }

    private void Finish(string path, List<EpochRecord> history, RunSettings settings)
    {
        ModelCheckpoint.Save(path, model, extraMetadata: Metadata(history, settings));
        File.Delete(ResumePath(path));
    }

    private Dictionary<string, string> Metadata(List<EpochRecord> history, RunSettings settings)
    {
        var metadata = new Dictionary<string, string> { [HistoryKey] = JsonSerializer.Serialize(history), [SettingsKey] = settings.ToJson() };
        if (options.Normalization is { } n) metadata[NormalizationKey] = JsonSerializer.Serialize(new { n.Mean, n.Std });
        return metadata;
    }

    /// <summary>Everything that decides the trained weights; the device is left out, so a run may resume on another.</summary>
    private RunSettings Settings()
    {
        var o = options;
        var augmentation = o.Augmentation?.Describe() ?? "none";
        var values = new Dictionary<string, string>(o.RunDescription ?? new Dictionary<string, string>())
        {
            ["epochs"] = RunSettings.Text(o.Epochs), ["batch"] = RunSettings.Text(o.BatchSize), ["lr"] = RunSettings.Text(o.LearningRate),
            ["momentum"] = RunSettings.Text(o.Momentum), ["nesterov"] = o.Nesterov ? "true" : "false", ["weight-decay"] = RunSettings.Text(o.WeightDecay),
            ["schedule"] = o.EffectiveSchedule.Describe(), ["seed"] = RunSettings.Text(o.Seed), ["augmentation"] = augmentation,
            ["normalization"] = o.Normalization is { } n ? JsonSerializer.Serialize(new { n.Mean, n.Std }) : "none",
            ["network"] = model is IConvNetwork net ? net.Architecture.ToJson() : model.GetType().Name,
        };
        return new RunSettings(values);
    }

    private EpochRecord RunEpoch(int epoch, BatchLoader loader, Sgd optimizer, Dataset? validation, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        LibTorch.ManualSeed(EpochSeed(epoch));
        optimizer.LearningRate = options.EffectiveSchedule.At(epoch);
        model.Train();
        // Running sums stay on the device; the host reads them only every ProgressEvery steps.
        using var lossSum = Tensor.Zeros([], DType.Float64, options.Device);
        using var correct = Tensor.Zeros([], DType.Int64, options.Device);
        var (meanLoss, accuracy) = (0.0, 0.0);
        long seen = 0;
        int step = 0;
        foreach (var batch in loader.Epoch(epoch))
        {
            cancellation.ThrowIfCancellationRequested();
            Interrupt.ThrowIfRequested();
            using (DisposeScope.Enter())
            using (batch)
            {
                var logits = model.Forward(batch.Images);
                var loss = Functional.CrossEntropy(logits, batch.Labels);
                model.ZeroGrad();
                loss.Backward();
                optimizer.Step();
                using (Autograd.NoGrad())
                {
                    lossSum.Add_(loss.Detach().To(DType.Float64) * batch.Count);
                    correct.Add_(logits.ArgMax(1).Eq(batch.Labels).Sum());
                }
                seen += batch.Count;
            }
            step++;
            if (step % options.ProgressEvery != 0 && step != loader.BatchCount) continue;
            (meanLoss, accuracy) = (lossSum.Item<double>() / seen, (double)correct.Item<long>() / seen);
            // A NaN or infinite loss poisons the running sum, so this check misses no step since the last one.
            if (!double.IsFinite(meanLoss)) throw new TrainingDivergedException(epoch, step, optimizer.LearningRate, meanLoss);
            Progress?.Report(new TrainingProgress(epoch, options.Epochs, step, loader.BatchCount, meanLoss, optimizer.LearningRate));
        }
        model.ZeroGrad();
        var evaluation = validation is null ? null : Evaluation.Of(model, validation, options.Normalization, options.EvaluationBatchSize);
        return new EpochRecord(epoch, optimizer.LearningRate, meanLoss, accuracy, evaluation, clock.Elapsed.TotalSeconds);
    }

    private ulong EpochSeed(int epoch) => (ulong)(uint)options.Seed * 1_000_003UL + (ulong)epoch;

    /// <summary>
    /// Picks up a run at <see cref="TrainingOptions.CheckpointPath"/>: a finished one (the checkpoint's
    /// history is complete) is loaded as it is, an unfinished one continues from its resume state. Either
    /// must have been made with the same settings, or nothing is touched and the differences are named.
    /// </summary>
    private List<EpochRecord> ResumeIfPossible(Sgd optimizer, RunSettings settings)
    {
        if (options.CheckpointPath is not { } path || !options.Resume) return [];
        var resume = ResumePath(path);
        const string remedy = "train with those settings to continue it, or choose another checkpoint path (train --restart replaces it)";
        if (File.Exists(path))
        {
            var metadata = SafeTensors.ReadHeader(path).Metadata;
            if (!metadata.TryGetValue(SettingsKey, out var json))
                throw new InvalidOperationException($"'{path}' already exists and records no training settings, so it is not a run this trainer can continue; {remedy}");
            settings.Require(RunSettings.FromJson(json, path), path, remedy);
            if (HistoryOf(metadata).Count >= options.Epochs) return Load(path, optimizer: null);
        }
        if (!File.Exists(resume))
        {
            if (File.Exists(path))
                throw new InvalidOperationException($"'{path}' is an unfinished run without its resume state '{resume}' (the optimizer's momentum), so it cannot continue exactly; {remedy}");
            return [];
        }
        var stored = SafeTensors.ReadHeader(resume).Metadata;
        settings.Require(stored.TryGetValue(SettingsKey, out var saved) ? RunSettings.FromJson(saved, resume) : new RunSettings([]), resume, remedy);
        return Load(resume, optimizer);
    }

    private List<EpochRecord> Load(string path, Sgd? optimizer)
    {
        using var loaded = ModelCheckpoint.Load(path, options.Device);
        if (!loaded.Architecture.Equals(((IConvNetwork)model).Architecture))
            throw new InvalidDataException($"'{path}' holds a different network ({loaded.Architecture.ToJson()}) than the one being trained; delete it or choose another checkpoint path");
        model.LoadStateDict(loaded.Model.StateDict());
        optimizer?.LoadState(loaded.Extra.Where(kv => kv.Key.StartsWith(OptimizerPrefix, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[OptimizerPrefix.Length..], kv => kv.Value));
        return [.. HistoryOf(loaded.Metadata)];
    }

    /// <summary>The normalisation stored in a checkpoint by a trainer, if any.</summary>
    /// <param name="metadata">A checkpoint's metadata.</param>
    /// <param name="source">The file the metadata came from, named when the record is unusable.</param>
    /// <exception cref="InvalidDataException">The record is there but unusable (see <see cref="RecordedNormalization"/>).</exception>
    public static Normalization? NormalizationOf(IReadOnlyDictionary<string, string> metadata, string source = "the checkpoint") =>
        metadata.TryGetValue(NormalizationKey, out var json) ? RecordedNormalization.Parse(json, NormalizationKey, source) : null;

    /// <summary>The settings a trainer stored in a checkpoint (what decided its weights), or null when it records none.</summary>
    public static RunSettings? SettingsOf(IReadOnlyDictionary<string, string> metadata, string source) =>
        metadata.TryGetValue(SettingsKey, out var json) ? RunSettings.FromJson(json, source) : null;

    /// <summary>The per-epoch history stored in a checkpoint by a trainer.</summary>
    public static IReadOnlyList<EpochRecord> HistoryOf(IReadOnlyDictionary<string, string> metadata) =>
        metadata.TryGetValue(HistoryKey, out var json) ? JsonSerializer.Deserialize<List<EpochRecord>>(json) ?? [] : [];

}
