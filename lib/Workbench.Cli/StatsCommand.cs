using System.CommandLine;
using System.Globalization;
using Workbench.Checkpoints;
using Workbench.Nn;
using Workbench.Nn.Models;
using Workbench.Pruning;

namespace Workbench.Cli;

/// <summary><c>workbench stats</c>: parameters and MACs per layer of a model by name or of a checkpoint (with its masks).</summary>
internal static class StatsCommand
{
    public static Command Create()
    {
        var model = new Option<string?>("--model") { Description = string.Join(", ", Models.Names) };
        var checkpoint = new Option<FileInfo?>("--checkpoint") { Description = "count a saved (possibly pruned) network instead" };
        var channels = new Option<int>("--channels") { DefaultValueFactory = _ => 3 };
        var size = new Option<int>("--size") { DefaultValueFactory = _ => 32 };
        var width = new Option<double>("--width") { DefaultValueFactory = _ => 1.0 };
        var classes = new Option<int>("--classes") { DefaultValueFactory = _ => 10, Description = "classifier outputs (1000 gives the ImageNet counts torchvision publishes)" };
        var layers = new Option<bool>("--layers") { Description = "list every layer, not just the totals" };
        var allowNonFinite = new Option<bool>("--allow-non-finite") { Description = "load NaN, infinite or overflowing weights instead of refusing them, to inspect a diverged run" };
        CliErrors.OneOf(model, Models.Names);
        CliErrors.InRange(channels, 1, 64);
        CliErrors.InRange(size, 4, 1024);
        CliErrors.InRange(width, 1e-3, Networks.MaxWidth);
        CliErrors.InRange(classes, 1, ZooArchitecture.MaxClasses);
        var command = new Command("stats", "Parameters and multiply-accumulates (conv and linear layers, one image) from the network's structure.")
        {
            model, checkpoint, channels, size, width, classes, layers, allowNonFinite,
        };
        command.SetAction(result =>
        {
            var name = result.GetValue(model);
            var file = result.GetValue(checkpoint);
            if (name is null == file is null) throw new ArgumentException("give exactly one of --model NAME or --checkpoint FILE");
            if (file is not null) InputPaths.Check("--checkpoint", file.FullName);
            using var loaded = file is null ? null : ModelCheckpoint.Load(file.FullName, allowNonFinite: result.GetValue(allowNonFinite));
            using var built = name is null ? null : Models.Create(name, result.GetValue(channels), result.GetValue(size), result.GetValue(classes), result.GetValue(width));
            var net = (IConvNetwork)(built ?? loaded!.Model);
            var report = PruningReport.Of((Module)net, net.InputShape);
            if (result.GetValue(layers)) Console.WriteLine(report);
            var shape = string.Join("×", net.InputShape);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{((Module)net).Describe()} on {shape}: {report.TotalParameters:N0} parameters ({report.EffectiveParameters:N0} effective), {report.Macs:N0} MACs ({report.EffectiveMacs:N0} effective)"));
            return 0;
        });
        return command;
    }
}
