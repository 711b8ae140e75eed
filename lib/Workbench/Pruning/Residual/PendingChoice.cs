using System.Text.Json;
using Workbench.Checkpoints;
using Workbench.Nn;
using Workbench.Nn.Models;
using Workbench.Torch;
using Workbench.Training;

namespace Workbench.Pruning.Residual;

/// <summary>
/// The network an iteration chose, kept in the loop's folder until its training ends. An interrupted run then
/// resumes that training (epoch by epoch, through the trainer's own checkpoint beside it) rather than fine-tuning
/// and choosing again, which at the authors' 190 epochs per iteration would throw hours away.
/// </summary>
internal static class PendingChoice
{
    public const string NetworkFile = "chosen.safetensors";
    public const string RecordFile = "chosen.json";
    public const string TrainingFile = "chosen-training.safetensors";

    public static string TrainingPath(string folder) => Path.Combine(folder, TrainingFile);

    /// <summary>
    /// The chosen network and its iteration's record (without the measurements taken after training), when the
    /// folder holds iteration <paramref name="iteration"/>'s; anything left over from another iteration is removed.
    /// </summary>
    public static (ResNetCifar Network, LoopIteration Record)? Load(string? folder, int iteration, Device device)
    {
        if (folder is null) return null;
        var (recordPath, networkPath) = (Path.Combine(folder, RecordFile), Path.Combine(folder, NetworkFile));
        LoopIteration? record = null;
        if (File.Exists(recordPath) && File.Exists(networkPath))
        {
            try { record = JsonSerializer.Deserialize<LoopIteration>(File.ReadAllText(recordPath), LayerVsFilterLoop.LogJson); }
            catch (JsonException e) { throw new InvalidDataException($"'{recordPath}' is not a loop iteration record: {e.Message}", e); }
        }
        if (record is null || record.Iteration != iteration)
        {
            // A crash between saving the log and clearing these leaves the finished iteration's: stale, not pending.
            Clear(folder);
            return null;
        }
        using var loaded = ModelCheckpoint.Load(networkPath, device);
        if (loaded.Model is not ResNetCifar chosen) throw new InvalidDataException($"'{networkPath}' does not hold a CIFAR ResNet");
        return (NetworkCopy.Clone(chosen), record);
    }

    public static void Save(string folder, ResNetCifar network, LoopIteration record)
    {
        Directory.CreateDirectory(folder);
        // The network first: a record is only ever found beside the network it describes.
        ModelCheckpoint.Save(Path.Combine(folder, NetworkFile), network);
        AtomicFile.Write(Path.Combine(folder, RecordFile), stream => JsonSerializer.Serialize(stream, record, LayerVsFilterLoop.LogJson));
    }

    public static void Clear(string folder)
    {
        if (!Directory.Exists(folder)) return;
        File.Delete(Path.Combine(folder, RecordFile));
        File.Delete(Path.Combine(folder, NetworkFile));
        File.Delete(Trainer.ResumePath(TrainingPath(folder)));
        File.Delete(TrainingPath(folder));
    }
}
