using System.Globalization;
using System.Text.Json;
using Workbench.Checkpoints;
using Workbench.Torch;

namespace Workbench.Cli;

/// <summary>
/// A layer-wise <c>prune</c> run's progress beside its output: the network (with its masks) after the
/// last finished layer, the steps logged so far and the settings. A rerun with the same settings starts
/// at the next layer; one with others is refused. The file goes once the output is written.
/// </summary>
internal sealed class PruneResume
{
    /// <summary>Also stored in the finished output, so a rerun onto it is told apart from an unrelated file.</summary>
    public const string SettingsKey = "workbench.prune.settings";
    private const string StepsKey = "workbench.prune.steps";
    private const string LayersKey = "workbench.prune.layers-done";
    private const string BeforeKey = "workbench.prune.test-mcr-before";
    private const string Remedy = "rerun with those settings to continue it, or choose another --out";

    private readonly string outPath;
    private readonly RunSettings settings;

    private PruneResume(string outPath, RunSettings settings) => (this.outPath, this.settings) = (outPath, settings);

    public int LayersDone { get; private set; }
    public IReadOnlyList<StepLog> Steps { get; private set; } = [];
    public double? TestMcrBefore { get; private set; }

    public static string PathOf(string outPath) => Path.ChangeExtension(outPath, ".resume.safetensors");

    /// <summary>
    /// True when <paramref name="outPath"/> is this very run's finished output. An existing file made
    /// otherwise (other settings, or not by <c>prune</c>) is refused, so it is never overwritten.
    /// </summary>
    public static bool Finished(string outPath, RunSettings settings)
    {
        if (!File.Exists(outPath)) return false;
        var notOurs = $"--out '{outPath}' already exists and was not written by prune; choose another path, or delete it";
        IReadOnlyDictionary<string, string> metadata;
        try { metadata = SafeTensors.ReadHeader(outPath).Metadata; }
        catch (InvalidDataException) { throw new InvalidOperationException(notOurs); }
        if (!metadata.TryGetValue(SettingsKey, out var json)) throw new InvalidOperationException(notOurs);
        settings.Require(RunSettings.FromJson(json, outPath), outPath, "choose another --out, or delete it to prune again");
        File.Delete(PathOf(outPath));
        return true;
    }

    /// <summary>The run's state so far: nothing done, or what a previous run with the same settings saved.</summary>
    public static PruneResume Open(string outPath, RunSettings settings)
    {
        var resume = new PruneResume(outPath, settings);
        var path = PathOf(outPath);
        if (!File.Exists(path)) return resume;
        var metadata = SafeTensors.ReadHeader(path).Metadata;
        string Read(string key) => metadata.TryGetValue(key, out var v) ? v : throw new InvalidDataException($"'{path}' is not a prune resume file: it lacks '{key}'");
        settings.Require(RunSettings.FromJson(Read(SettingsKey), path), path, Remedy);
        try
        {
            resume.LayersDone = int.Parse(Read(LayersKey), CultureInfo.InvariantCulture);
            resume.Steps = JsonSerializer.Deserialize<List<StepLog>>(Read(StepsKey)) ?? [];
            resume.TestMcrBefore = double.Parse(Read(BeforeKey), CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is FormatException or JsonException or OverflowException)
        {
            throw new InvalidDataException($"'{path}' is not a readable prune resume file: {e.Message}", e);
        }
        return resume;
    }

    /// <summary>The network as the last finished layer left it, or null when no layer is done.</summary>
    public LoadedModel? LoadNetwork(Device device) => LayersDone == 0 ? null : ModelCheckpoint.Load(PathOf(outPath), device);

    public void Save(Nn.Module model, int layersDone, IReadOnlyList<StepLog> steps, double testMcrBefore)
    {
        ModelCheckpoint.Save(PathOf(outPath), model, extraMetadata: new Dictionary<string, string>
        {
            [SettingsKey] = settings.ToJson(), [StepsKey] = JsonSerializer.Serialize(steps),
            [LayersKey] = layersDone.ToString(CultureInfo.InvariantCulture), [BeforeKey] = testMcrBefore.ToString("R", CultureInfo.InvariantCulture),
        });
        (LayersDone, Steps, TestMcrBefore) = (layersDone, [.. steps], testMcrBefore);
    }

    public void Delete() => File.Delete(PathOf(outPath));
}
