using System.Globalization;
using System.Text;
using System.Text.Json;
using Workbench.Training;

namespace Workbench.Cli;

/// <summary>Per-epoch metrics beside a checkpoint: NAME.metrics.csv for spreadsheets, NAME.metrics.json for programs.</summary>
internal static class MetricsFile
{
    public static string CsvPath(string checkpoint) => Path.ChangeExtension(checkpoint, ".metrics.csv");
    public static string JsonPath(string checkpoint) => Path.ChangeExtension(checkpoint, ".metrics.json");

    /// <summary>Written after every epoch (<paramref name="test"/> null) and once more at the end with the test result.</summary>
    /// <param name="machine">the machine of the sitting that wrote it (each sitting's log names its own).</param>
    public static void Write(string checkpoint, IReadOnlyList<EpochRecord> history, Evaluation? test, string machine)
    {
        var csv = new StringBuilder("epoch,lr,train_loss,train_accuracy,val_loss,val_accuracy,val_mcr,seconds\n");
        foreach (var r in history)
            csv.AppendLine(string.Join(',', new object?[] { r.Epoch + 1, r.LearningRate, r.TrainLoss, r.TrainAccuracy, r.Validation?.Loss, r.Validation?.Accuracy, r.Validation?.Mcr, r.Seconds }
                .Select(v => v is IFormattable f ? f.ToString("G6", CultureInfo.InvariantCulture) : "")));
        ResultFiles.WriteText(CsvPath(checkpoint), csv.ToString());
        var json = JsonSerializer.Serialize(new { epochs = history, test, machine }, new JsonSerializerOptions { WriteIndented = true });
        ResultFiles.WriteText(JsonPath(checkpoint), json);
    }
}
