using System.CommandLine;
using Workbench.Checkpoints;
using Workbench.Data;
using Workbench.Torch;
using Workbench.Training;

namespace Workbench.Cli;

/// <summary><c>workbench eval</c>: loss, accuracy and MCR of a checkpoint on a dataset's test set.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var checkpoint = new Argument<FileInfo>("checkpoint") { Description = "a .safetensors checkpoint written by the workbench" };
        var dataset = new Option<string>("--dataset") { DefaultValueFactory = _ => "fashion-mnist" };
        CliErrors.OneOf(dataset, [.. Datasets.Names]);
        var split = new Option<string>("--split") { DefaultValueFactory = _ => "test" };
        CliErrors.OneOf(split, "test", "train");
        var device = new Option<string>("--device") { DefaultValueFactory = _ => "auto" };
        var allowNonFinite = new Option<bool>("--allow-non-finite") { Description = "load NaN, infinite or overflowing weights instead of refusing them, to inspect a diverged run" };
        var command = new Command("eval", "Print loss, accuracy, misclassification rate and per-class accuracy of a checkpoint.") { checkpoint, dataset, split, device, allowNonFinite };
        command.SetAction(result =>
        {
            var file = result.GetValue(checkpoint)!;
            InputPaths.Check("checkpoint", file.FullName);
            using var loaded = ModelCheckpoint.Load(file.FullName, CliErrors.ParseDevice(result.GetValue(device)!), result.GetValue(allowNonFinite));
            using var data = Datasets.Load(result.GetValue(dataset)!, result.GetValue(split) == "train" ? Split.Train : Split.Test);
            var shape = ((Nn.IConvNetwork)loaded.Model).InputShape;
            if (shape[0] != data.Channels || shape[1] != data.Height)
                throw new ArgumentException($"'{file.FullName}' expects {shape[0]}×{shape[1]}×{shape[2]} images but {data.Name} has {data.Channels}×{data.Height}×{data.Width}");
            var evaluation = Evaluation.Of(loaded.Model, data, InputNormalization.Of(loaded.Metadata, file.FullName, data.Channels, result.GetValue(dataset)!));
            Console.WriteLine($"{file.Name} on {data.Name}: {evaluation}");
            for (int c = 0; c < evaluation.PerClassAccuracy.Length; c++)
                Console.WriteLine($"  {(c < data.ClassNames.Count ? data.ClassNames[c] : c.ToString()),-14} {evaluation.PerClassAccuracy[c]:P2}");
            return 0;
        });
        return command;
    }
}
