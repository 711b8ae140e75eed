using System.CommandLine;
using Workbench.Checkpoints;
using Workbench.Data;
using Workbench.Similarity;
using Workbench.Torch;
using Workbench.Training;

namespace Workbench.Cli;

/// <summary><c>workbench cka</c>: linear CKA between two networks' penultimate features on the same test images.</summary>
internal static class CkaCommand
{
    public static Command Create()
    {
        var a = new Argument<FileInfo>("a");
        var b = new Argument<FileInfo>("b");
        var dataset = new Option<string>("--dataset") { DefaultValueFactory = _ => "fashion-mnist" };
        CliErrors.OneOf(dataset, [.. Datasets.Names]);
        var images = new Option<int>("--images") { DefaultValueFactory = _ => 1000, Description = "test images compared (the first N)" };
        var device = new Option<string>("--device") { DefaultValueFactory = _ => "auto" };
        var allowNonFinite = new Option<bool>("--allow-non-finite") { Description = "load NaN, infinite or overflowing weights instead of refusing them, to inspect a diverged run" };
        CliErrors.InRange(images, 2, 10_000);
        var command = new Command("cka", "Linear CKA of two checkpoints' penultimate features on the first test images.") { a, b, dataset, images, device, allowNonFinite };
        command.SetAction(result =>
        {
            var dev = CliErrors.ParseDevice(result.GetValue(device)!);
            InputPaths.Check("a", result.GetValue(a)!.FullName);
            InputPaths.Check("b", result.GetValue(b)!.FullName);
            using var first = ModelCheckpoint.Load(result.GetValue(a)!.FullName, dev, result.GetValue(allowNonFinite));
            using var second = ModelCheckpoint.Load(result.GetValue(b)!.FullName, dev, result.GetValue(allowNonFinite));
            using var test = Datasets.Load(result.GetValue(dataset)!, Split.Test);
            using var x = FeatureCapture.Penultimate(first.Model, test, InputNormalization.Of(first.Metadata, result.GetValue(a)!.FullName, test.Channels, result.GetValue(dataset)!), result.GetValue(images), 250);
            using var y = FeatureCapture.Penultimate(second.Model, test, InputNormalization.Of(second.Metadata, result.GetValue(b)!.FullName, test.Channels, result.GetValue(dataset)!), result.GetValue(images), 250);
            Console.WriteLine($"linear CKA of penultimate features on {x.Size(0)} {test.Name} images: {LinearCka.Compute(x, y):F6}");
            return 0;
        });
        return command;
    }
}
