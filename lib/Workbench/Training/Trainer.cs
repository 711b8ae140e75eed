using System.Diagnostics;
using System.Text.Json;
using Workbench.Checkpoints;
using Workbench.Data;
using Workbench.Nn;
using Workbench.Torch;

namespace Workbench.Training;

/// <summary>
/// Trains a model with SGD and cross-entropy, evaluates it after every epoch, checkpoints it,
/// and resumes from its checkpoint. Every epoch reseeds libtorch from (seed, epoch) and the
/// loader draws its order from (seed, epoch), so a resumed run ends with the very weights an
/// uninterrupted run would have.
/// </summary>
public sealed class Trainer
{
    internal const string OptimizerPrefix = "optimizer.momentum.";
    internal const string HistoryKey = "workbench.history";
    internal const string NormalizationKey = "workbench.normalization";

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

    public IReadOnlyList<EpochRecord> Fit(Dataset train, Dataset? validation = null, CancellationToken cancellation = default)
    {
        model.To(options.Device);
        // On a GPU the training set moves there once, so batches are cut without a copy from the host.
        using var onDevice = options.Device.Accepts(train.Device) ? null : train.To(options.Device);
        var optimizer = new Sgd(model.NamedParameters(), options.LearningRate, options.Momentum, options.Nesterov, options.WeightDecay);
        try
        {
            var history = ResumeIfPossible(optimizer);
            var loader = new BatchLoader(onDevice ?? train, options.BatchSize)
            {
                Seed = options.Seed, Device = options.Device, Augmentation = options.Augmentation, Normalization = options.Normalization,
            };
            for (int epoch = history.Count; epoch < options.Epochs; epoch++)
            {
                cancellation.ThrowIfCancellationRequested();
                var record = RunEpoch(epoch, loader, optimizer, validation, cancellation);
                history.Add(record);
                if (options.CheckpointPath is { } path) SaveCheckpoint(path, optimizer, history);
                EpochCompleted?.Invoke(record);
            }
            return history;
        }
        finally
        {
            optimizer.Reset();
        }
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

    private void SaveCheckpoint(string path, Sgd optimizer, List<EpochRecord> history)
    {
        var extra = optimizer.State.ToDictionary(kv => OptimizerPrefix + kv.Key, kv => kv.Value);
        var metadata = new Dictionary<string, string> { [HistoryKey] = JsonSerializer.Serialize(history) };
        if (options.Normalization is { } n) metadata[NormalizationKey] = JsonSerializer.Serialize(new { n.Mean, n.Std });
        ModelCheckpoint.Save(path, model, extra, metadata);
    }

    private List<EpochRecord> ResumeIfPossible(Sgd optimizer)
    {
        if (options.CheckpointPath is not { } path || !options.Resume || !File.Exists(path)) return [];
        using var loaded = ModelCheckpoint.Load(path, options.Device);
        if (!loaded.Architecture.Equals(((IConvNetwork)model).Architecture))
            throw new InvalidDataException($"'{path}' holds a different network ({loaded.Architecture.ToJson()}) than the one being trained; delete it or choose another checkpoint path");
        model.LoadStateDict(loaded.Model.StateDict());
        optimizer.LoadState(loaded.Extra.Where(kv => kv.Key.StartsWith(OptimizerPrefix, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[OptimizerPrefix.Length..], kv => kv.Value));
        return loaded.Metadata.TryGetValue(HistoryKey, out var json) ? JsonSerializer.Deserialize<List<EpochRecord>>(json) ?? [] : [];
    }

    /// <summary>The normalisation stored in a checkpoint by a trainer, if any.</summary>
    public static Normalization? NormalizationOf(IReadOnlyDictionary<string, string> metadata)
    {
        if (!metadata.TryGetValue(NormalizationKey, out var json)) return null;
        using var doc = JsonDocument.Parse(json);
        float[] Read(string name) => doc.RootElement.GetProperty(name).EnumerateArray().Select(e => e.GetSingle()).ToArray();
        return new Normalization(Read("Mean"), Read("Std"));
    }

    /// <summary>The per-epoch history stored in a checkpoint by a trainer.</summary>
    public static IReadOnlyList<EpochRecord> HistoryOf(IReadOnlyDictionary<string, string> metadata) =>
        metadata.TryGetValue(HistoryKey, out var json) ? JsonSerializer.Deserialize<List<EpochRecord>>(json) ?? [] : [];

}
