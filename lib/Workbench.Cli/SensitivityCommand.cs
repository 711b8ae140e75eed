using Workbench.Plotting;
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
        CliErrors.OneOf(granularity, "feature-map", "kernel");
        var ratios = new Option<string>("--ratios") { Description = "ratios to try in every layer, comma-separated, each in [0, 1)", DefaultValueFactory = _ => "0,0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9" };
        var select = new Option<string>("--select") { DefaultValueFactory = _ => "l1" };
        CliErrors.OneOf(select, "l1", "l2", "random");
        var dataset = new Option<string>("--dataset") { DefaultValueFactory = _ => "fashion-mnist" };
        CliErrors.OneOf(dataset, [.. Data.Datasets.Names]);
        var validation = new Option<int>("--validation") { DefaultValueFactory = _ => 1000 };
        CliErrors.InRange(validation, 1, 60_000);
        var seed = new Option<int>("--seed") { Description = "seed of this run's own random draws; the validation images come from the images the checkpoint held out when it records its split (train does), whatever the seed", DefaultValueFactory = _ => 0 };
        var device = new Option<string>("--device") { DefaultValueFactory = _ => "auto" };
        var output = new Option<FileInfo>("--out") { Required = true, Description = "CSV to write; .json, .html (the figure) and .run.json (settings, for resuming) go beside it" };
        var command = new Command("sensitivity", "Per-layer sensitivity: prune each layer alone at each ratio (no retraining) and record validation MCR.")
        {
            checkpoint, granularity, ratios, select, dataset, validation, seed, device, output,
        };
        command.SetAction(result =>
        {
            var file = result.GetValue(checkpoint)!;
            var path = result.GetValue(output)!.FullName;
            var record = Path.ChangeExtension(path, ".run.json");
            OutputPaths.Check("--out", [path, Path.ChangeExtension(path, ".json"), Path.ChangeExtension(path, ".html"), record], file.FullName);
            InputPaths.Check("checkpoint", file.FullName);
            var list = ResultFiles.Numbers(result.GetValue(ratios)!, "--ratios");
            if (list.Length == 0) throw new ArgumentException("--ratios lists no ratio; give at least one, e.g. 0.3,0.5");
            foreach (var r in list) PruneCount.CheckRatio(r, "--ratios");
            var settings = new RunSettings(new Dictionary<string, string>
            {
                ["checkpoint-sha256"] = Data.Checksum.Sha256Hex(file.FullName), ["granularity"] = result.GetValue(granularity)!, ["ratios"] = string.Join(",", list.Select(r => RunSettings.Text(r))),
                ["select"] = result.GetValue(select)!, ["dataset"] = result.GetValue(dataset)!, ["validation"] = RunSettings.Text(result.GetValue(validation)), ["seed"] = RunSettings.Text(result.GetValue(seed)),
            });
            var splitSeed = HeldOutSplit.Seed(SafeTensors.ReadHeader(file.FullName).Metadata, file.FullName, result.GetValue(dataset)!, result.GetValue(validation), result.GetValue(seed));
            settings = HeldOutSplit.Recorded(settings, splitSeed, result.GetValue(seed));
            // Claimed before the record of a run that may still be writing it is read, and before any work.
            using var claim = OutputLock.Take(path);
            var done = SensitivityRecord.Open(record, settings);
            if (done.Count > 0) Console.WriteLine($"resuming: {done.Count} points already measured in {record}");
            var dev = CliErrors.ParseDevice(result.GetValue(device)!);
            Machine.Announce(dev);
            using var loaded = ModelCheckpoint.Load(file.FullName, dev);
            var (train, valid, test) = Splits.Load(result.GetValue(dataset)!, result.GetValue(validation), splitSeed, null);
            using (train) using (valid) using (test)
            {
                var normalization = InputNormalization.Of(loaded.Metadata, file.FullName, train.Channels, () => train);
                using var evaluator = new ValidationEvaluator(loaded.Model, valid!, normalization);
                Granularity g = result.GetValue(granularity) == "kernel" ? Granularity.Kernel : Granularity.FeatureMap;
                ICriterion criterion = result.GetValue(select) switch { "l2" => new L2Norm(), "random" => new LayerSeededRandomScore(result.GetValue(seed)), _ => new L1Norm() };
                var sofar = new List<SensitivityPoint>(done);
                var points = Sensitivity.Analyze(loaded.Network, g, new CriterionSelector(criterion), list, evaluator, p =>
                {
                    sofar.Add(p);
                    SensitivityRecord.Save(record, settings, sofar);
                    Console.WriteLine($"{p.Layer,-14} ratio {p.Ratio:F2}  MCR {p.Mcr:F2}%");
                }, done);
                var csv = new StringBuilder("layer,ratio,mcr,loss\n");
                foreach (var p in points) csv.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{p.Layer},{p.Ratio},{p.Mcr},{p.Loss}"));
                ResultFiles.WriteText(path, csv.ToString());
                ResultFiles.WriteText(Path.ChangeExtension(path, ".json"), JsonSerializer.Serialize(points, new JsonSerializerOptions { WriteIndented = true }));
                PruningCharts.Sensitivity(points, g.Name).SaveOfflineHtml(Path.ChangeExtension(path, ".html"));
                SensitivityRecord.Save(record, settings, points);
                Console.WriteLine($"wrote {path} (.json, .html; settings and points in {Path.GetFileName(record)})");
            }
            return 0;
        });
        return command;
    }
}
