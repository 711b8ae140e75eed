using System.Security.Cryptography;
using System.Text.Json;
using Workbench.Checkpoints;
using Workbench.Data;
using Workbench.Nn.Models;
using Workbench.Training;

namespace Workbench.Pruning.Residual;

/// <summary>
/// What a resumable loop folder was started with: the options that shape each iteration, the
/// starting network (architecture and a hash of its weights) and the data (sizes, and a hash of which images).
/// A rerun resumes only when these agree, so a folder never silently serves a log made with other settings.
/// The target is left out on purpose: raising it continues a finished run.
/// Settings added later default to the behaviour from before them, so a folder that does not record them reads as
/// a run made with those defaults and resumes under them, and only under them.
/// </summary>
public sealed record LoopSettings(
    string Match, string Candidates, int MinimumBlocksPerStage, int CkaImages,
    int FineTuneEpochs, double FineTuneLearningRate, double FineTuneMomentum, bool FineTuneNesterov, double FineTuneWeightDecay, int FineTuneBatchSize, int Seed,
    string Network, string WeightsSha256, int TrainImages, int HeldOutImages, string? DataSha256 = null,
    string FilterCriterion = "L1", string? ChosenTraining = null)
{
    public const string FileName = "settings.json";

    public static LoopSettings Of(LoopOptions options, ResNetCifar original, Dataset train, Dataset heldOut)
    {
        var t = options.FineTuning;
        return new LoopSettings(options.Match.ToString(), options.Candidates.ToString(), options.MinimumBlocksPerStage, options.CkaImages,
            t.Epochs, t.LearningRate, t.Momentum, t.Nesterov, t.WeightDecay, t.BatchSize, t.Seed,
            original.Architecture.ToJson(), WeightsHash(original), train.Count, heldOut.Count, DatasetFingerprint.Of(train, heldOut),
            options.FilterCriterion == Residual.FilterCriterion.Kl ? $"KL on {options.KlImagesPerClass} held-out images per class" : "L1",
            Describe(options.ChosenTraining));
    }

    /// <summary>Everything that decides the chosen network's training; null when it does not train.</summary>
    private static string? Describe(TrainingOptions? t) => t is not { Epochs: > 0 } ? null : FormattableString.Invariant(
        $"{t.Epochs} epochs, {t.EffectiveSchedule.Describe()}, batch {t.BatchSize}, momentum {t.Momentum}{(t.Nesterov ? " Nesterov" : "")}, weight decay {t.WeightDecay}, augmentation {t.Augmentation?.Describe() ?? "none"}, seed {t.Seed}");

    /// <summary>
    /// Records these settings in a new folder, or throws if the folder holds a run made with others. Returns a note
    /// when the folder predates the data hash: its run resumes, since everything it recorded agrees, but which images
    /// it used cannot be checked.
    /// </summary>
    public string? Claim(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (File.Exists(path))
        {
            LoopSettings? stored;
            try { stored = JsonSerializer.Deserialize<LoopSettings>(File.ReadAllText(path)); }
            catch (JsonException e) { throw new InvalidDataException($"'{path}' is not a loop settings file: {e.Message}", e); }
            if (stored == this) return null;
            if (stored is { DataSha256: null } && stored with { DataSha256 = DataSha256 } == this)
                return $"'{path}' records no hash of its images (it predates it), so resuming without checking that they are this run's";
            var differences = Differences(stored);
            throw new InvalidOperationException(
                $"'{folder}' holds a loop run with other settings ({differences}); use another folder, or delete it to start over");
        }
        Directory.CreateDirectory(folder);
        AtomicFile.Write(path, stream => JsonSerializer.Serialize(stream, this, new JsonSerializerOptions { WriteIndented = true }));
        return null;
    }

    private string Differences(LoopSettings? stored)
    {
        if (stored is null) return "the stored settings are empty";
        var mine = JsonSerializer.SerializeToElement(this);
        var theirs = JsonSerializer.SerializeToElement(stored);
        return string.Join(", ", mine.EnumerateObject()
            .Where(p => p.Value.ToString() != theirs.GetProperty(p.Name).ToString())
            .Select(p => $"{p.Name} {Shown(theirs.GetProperty(p.Name))} there, {Shown(p.Value)} now"));
    }

    private static string Shown(JsonElement value) => value.ValueKind == JsonValueKind.Null ? "none" : value.ToString();

    private static string WeightsHash(ResNetCifar network)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (name, tensor) in network.StateDict().OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes(name));
            sha.AppendData(TensorBytes.ToBytes(tensor));
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
