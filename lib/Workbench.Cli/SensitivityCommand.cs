using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Workbench.Checkpoints;
using Workbench.Pruning;
using Workbench.Pruning.Criteria;
using Workbench.Pruning.Selection;
using Workbench.Torch;
using Workbench.Training;

namespace Workbench.Cli;

/// <summary><c>workbench sensitivity</c>: each layer pruned alone at each ratio, no retraining, validation MCR.</summary>
internal static class SensitivityCommand
{
    public static Command Create()
    {
        var checkpoint = new Argument<FileInfo>("checkpoint");
        var granularity = new Option<string>("--granularity") { DefaultValueFactory = _ => "feature-map" };
        granularity.AcceptOnlyFromAmong("feature-map", "kernel");
        var ratios = new Option<string>("--ratios") { DefaultValueFactory = _ => "0,0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9" };
        var select = new Option<string>("--select") { DefaultValueFactory = _ => "l1" };
        select.AcceptOnlyFromAmong("l1", "l2", "random");
        var dataset = new Option<string>("--dataset") { DefaultValueFactory = _ => "fashion-mnist" };
        var validation = new Option<int>("--validation") { DefaultValueFactory = _ => 1000 };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 0 };
        var device = new Option<string>("--device") { DefaultValueFactory = _ => "auto" };
        var output = new Option<FileInfo>("--out") { Required = true, Description = "CSV to write; .json and .html (the figure) go beside it" };
        var command = new Command("sensitivity", "Per-layer sensitivity: prune each layer alone at each ratio (no retraining) and record validation MCR.")
        {
            checkpoint, granularity, ratios, select, dataset, validation, seed, device, output,
        };
        command.SetAction(result =>
        {
            var file = result.GetValue(checkpoint)!;
            if (!file.Exists) throw new FileNotFoundException($"no checkpoint at '{file.FullName}'");
            var list = ResultFiles.Numbers(result.GetValue(ratios)!, "--ratios");
            using var loaded = ModelCheckpoint.Load(file.FullName, Device.Parse(result.GetValue(device)!));
            var (train, valid, test) = Splits.Load(result.GetValue(dataset)!, result.GetValue(validation), result.GetValue(seed), null);
            using (train) using (valid) using (test)
            {
                if (valid is null) throw new ArgumentException("--validation must be positive");
                var normalization = Trainer.NormalizationOf(loaded.Metadata) ?? Data.Normalization.FromData(train);
                using var evaluator = new ValidationEvaluator(loaded.Model, valid, normalization);
                Granularity g = result.GetValue(granularity) == "kernel" ? Granularity.Kernel : Granularity.FeatureMap;
                ICriterion criterion = result.GetValue(select) switch { "l2" => new L2Norm(), "random" => new RandomScore(result.GetValue(seed)), _ => new L1Norm() };
                var points = Sensitivity.Analyze(loaded.Network, g, new CriterionSelector(criterion), list, evaluator,
                    p => Console.WriteLine($"{p.Layer,-14} ratio {p.Ratio:F2}  MCR {p.Mcr:F2}%"));
                var path = result.GetValue(output)!.FullName;
                var csv = new StringBuilder("layer,ratio,mcr,loss\n");
                foreach (var p in points) csv.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{p.Layer},{p.Ratio},{p.Mcr},{p.Loss}"));
                ResultFiles.WriteText(path, csv.ToString());
                ResultFiles.WriteText(Path.ChangeExtension(path, ".json"), JsonSerializer.Serialize(points, new JsonSerializerOptions { WriteIndented = true }));
                PruningCharts.Sensitivity(points, g.Name).SaveHtml(Path.ChangeExtension(path, ".html"));
                Console.WriteLine($"wrote {path} (.json, .html)");
            }
            return 0;
        });
        return command;
    }
}
