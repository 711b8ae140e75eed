using System.Globalization;
using System.Text.Json;
using Workbench.Checkpoints;
using Workbench.Data;
using Workbench.Training;

namespace Workbench.Cli;

/// <summary>
/// The seed that carves a verb's validation images out of the training set. Masks and candidates must be judged on
/// images the network never trained on. A checkpoint that <c>train</c> made records its own split (dataset, validation
/// size and seed: its split seed where it went on training another checkpoint), and carving with that seed makes the first N of its held-out images this verb's validation set,
/// whatever --seed is: runs that differ only in --seed judge on the same held-out images and differ only in their own
/// random draws. Carving with --seed instead would put images the network trained on into the validation set.
/// A checkpoint that records no split (or another dataset's) is carved with --seed, and the verb says so.
/// <c>prune</c> and <c>prune-loop</c> record in their outputs the images they judged on and never trained with (retraining
/// used the rest), so a pruned network is judged on those when it is pruned or trained further.
/// </summary>
internal static class HeldOutSplit
{
    public const string MetadataKey = "workbench.held-out";

    /// <summary>The record a pruning verb writes into its output: the dataset, how many images it held out, and the seed that carved them.</summary>
    public static string Record(string dataset, int validation, int splitSeed) => JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["dataset"] = Datasets.Resolve(dataset), ["validation"] = RunSettings.Text(validation), ["seed"] = RunSettings.Text(splitSeed),
    });

    public static int Seed(IReadOnlyDictionary<string, string> metadata, string checkpoint, string dataset, int validation, int seed)
    {
        var trained = HeldOutOf(metadata, checkpoint) ?? Trainer.SettingsOf(metadata, checkpoint)?.Values;
        if (trained is null || !trained.TryGetValue("dataset", out var trainedOn) || Datasets.Resolve(trainedOn) != Datasets.Resolve(dataset)
            || !int.TryParse(trained.GetValueOrDefault("validation"), CultureInfo.InvariantCulture, out var heldOut) || heldOut < 1
            || !int.TryParse(trained.GetValueOrDefault("split-seed") ?? trained.GetValueOrDefault("seed"), CultureInfo.InvariantCulture, out var splitSeed))
        {
            Console.Error.WriteLine($"note: '{checkpoint}' records no held-out split of {dataset}, so the {validation} validation images are carved with --seed {seed} and may include images it was trained on");
            return seed;
        }
        if (validation > heldOut)
            Console.Error.WriteLine($"note: --validation {validation} is more than the {heldOut} images '{checkpoint}' held out; {validation - heldOut} of the validation images were trained on");
        return splitSeed;
    }

    private static IReadOnlyDictionary<string, string>? HeldOutOf(IReadOnlyDictionary<string, string> metadata, string checkpoint)
    {
        if (!metadata.TryGetValue(MetadataKey, out var json)) return null;
        try { return JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? throw new JsonException("it is null"); }
        catch (JsonException e) { throw new InvalidDataException($"'{checkpoint}': its {MetadataKey} record is not a JSON object of strings ({e.Message})", e); }
    }

    /// <summary>
    /// A run's settings with its split seed, recorded only where it differs from --seed: the settings of runs made
    /// before the split seed existed stay as they were, so those runs still resume and still count as finished.
    /// </summary>
    public static RunSettings Recorded(RunSettings settings, int splitSeed, int seed) =>
        splitSeed == seed ? settings : settings.With("split-seed", RunSettings.Text(splitSeed));
}
