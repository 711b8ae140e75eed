using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Workbench.Checkpoints;
using Workbench.Data;
using Workbench.Nn;
using Workbench.Pruning;
using Workbench.Pruning.Criteria;
using Workbench.Pruning.Selection;
using Workbench.Torch;
using Workbench.Training;

namespace Workbench.Cli;

/// <summary><c>workbench prune</c>: coarse pruning of a trained checkpoint (Anwar and Sung).</summary>
internal static class PruneCommand
{
    public static Command Create()
    {
        var checkpoint = new Argument<FileInfo>("checkpoint") { Description = "a trained .safetensors checkpoint" };
        var granularity = new Option<string>("--granularity") { Description = "feature-map, kernel or combined", DefaultValueFactory = _ => "feature-map" };
        CliErrors.OneOf(granularity, "feature-map", "kernel", "combined");
        var ratio = new Option<double?>("--ratio") { Description = "fraction of the still-alive units removed in every layer, in [0, 1)" };
        var ratios = new Option<string?>("--ratios") { Description = "per-layer ratios, comma-separated, one per prunable layer" };
        var kernelRatio = new Option<double?>("--kernel-ratio") { Description = "combined: the kernel ratio after feature maps (default: --ratio)" };
        var equal = new Option<bool>("--equal-per-map") { Description = "kernel pruning keeps the same number of kernels in every output map" };
        var select = new Option<string>("--select") { DefaultValueFactory = _ => "least-adversarial" };
        CliErrors.OneOf(select, "least-adversarial", "l1", "l2", "random", "kl");
        var klImages = new Option<int>("--kl-images-per-class") { Description = "--select kl: held-out images of each class the network runs on to score a filter", DefaultValueFactory = _ => 500 };
        CliErrors.Positive(klImages);
        var trials = new Option<int>("--trials") { Description = "candidate masks per layer for least-adversarial selection", DefaultValueFactory = _ => 50 };
        var schedule = new Option<string>("--schedule") { DefaultValueFactory = _ => "layerwise" };
        CliErrors.OneOf(schedule, "layerwise", "oneshot");
        var retrainEpochs = new Option<int>("--retrain-epochs") { Description = "retraining epochs after each layer (layerwise) or after all (oneshot), masks fixed", DefaultValueFactory = _ => 1 };
        var finalEpochs = new Option<int>("--final-epochs") { Description = "a final fine-tune of the whole pruned network, masks fixed, after the schedule", DefaultValueFactory = _ => 0 };
        var lr = new Option<double>("--lr") { Description = "retraining learning rate", DefaultValueFactory = _ => 0.01 };
        var retrainLimit = new Option<int?>("--retrain-limit") { Description = "retrain on the first N training images only (quick experiments)" };
        var compact = new Option<bool>("--compact") { Description = "physically remove pruned feature maps from the result" };
        var retrainMasked = new Option<bool>("--retrain-masked")
        {
            Description = "retrain the masked network at its dense cost, as runs before this option did; by default retraining runs on a copy without the removed maps (the same training up to rounding, faster)",
        };
        var dataset = new Option<string>("--dataset") { DefaultValueFactory = _ => "fashion-mnist" };
        CliErrors.OneOf(dataset, [.. Datasets.Names]);
        var validation = new Option<int>("--validation") { Description = "validation images (carved from training) that masks are chosen on", DefaultValueFactory = _ => 1000 };
        var seed = new Option<int>("--seed") { Description = "seed of this run's own random draws; the validation images come from the images the checkpoint held out when it records its split (train does), whatever the seed", DefaultValueFactory = _ => 0 };
        var device = new Option<string>("--device") { DefaultValueFactory = _ => "auto" };
        var output = new Option<FileInfo>("--out") { Required = true, Description = "pruned checkpoint to write; the report goes beside it as .report.json/.csv" };
        CliErrors.Positive(trials);
        CliErrors.Positive(lr);
        CliErrors.InRange(retrainEpochs, 0, 10_000);
        CliErrors.InRange(finalEpochs, 0, 10_000);
        CliErrors.InRange(retrainLimit, 1, int.MaxValue);
        CliErrors.InRange(validation, 1, 60_000);

        var command = new Command("prune", "Prune a trained network at feature-map, kernel or combined granularity, retrain with masks fixed, and report sparsity, MACs and MCR.")
        {
            checkpoint, granularity, ratio, ratios, kernelRatio, equal, select, klImages, trials, schedule, retrainEpochs, finalEpochs, lr, retrainLimit, compact, retrainMasked, dataset, validation, seed, device, output,
        };
        command.SetAction((result, cancellation) =>
        {
            var file = result.GetValue(checkpoint)!;
            var outPath = result.GetValue(output)!.FullName;
            OutputPaths.Check("--out", [outPath, Path.ChangeExtension(outPath, ".report.json"), Path.ChangeExtension(outPath, ".report.csv"), PruneResume.PathOf(outPath)], file.FullName);
            InputPaths.Check("checkpoint", file.FullName);
            var retrainEpochCount = result.GetValue(retrainEpochs);
            var rate = result.GetValue(lr);
            if (result.GetValue(kernelRatio) is { } kr) PruneCount.CheckRatio(kr, "--kernel-ratio");
            var dev = CliErrors.ParseDevice(result.GetValue(device)!);
            var layerwise = result.GetValue(schedule) == "layerwise";
            var byKl = result.GetValue(select) == "kl";
            if (byKl && result.GetValue(granularity) != "feature-map")
                throw new ArgumentException($"--select kl scores whole filters (silencing a feature map); use it with --granularity feature-map, not {result.GetValue(granularity)}");
            // Claimed once the options are checked and before any work, so a refusal costs nothing and loses nothing.
            using var claim = OutputLock.Take(outPath);
            var settings = new RunSettings(new Dictionary<string, string>
            {
                ["checkpoint-sha256"] = Data.Checksum.Sha256Hex(file.FullName), ["granularity"] = result.GetValue(granularity)!, ["ratio"] = RunSettings.Text(result.GetValue(ratio)),
                ["ratios"] = RunSettings.Text(result.GetValue(ratios)), ["kernel-ratio"] = RunSettings.Text(result.GetValue(kernelRatio)), ["equal-per-map"] = RunSettings.Text(result.GetValue(equal)),
                ["select"] = result.GetValue(select)!, ["trials"] = RunSettings.Text(result.GetValue(trials)), ["schedule"] = result.GetValue(schedule)!,
                ["retrain-epochs"] = RunSettings.Text(retrainEpochCount), ["final-epochs"] = RunSettings.Text(result.GetValue(finalEpochs)), ["lr"] = RunSettings.Text(rate), ["retrain-limit"] = RunSettings.Text(result.GetValue(retrainLimit)), ["compact"] = RunSettings.Text(result.GetValue(compact)),
                ["dataset"] = result.GetValue(dataset)!, ["validation"] = RunSettings.Text(result.GetValue(validation)), ["seed"] = RunSettings.Text(result.GetValue(seed)),
            });
            var splitSeed = HeldOutSplit.Seed(SafeTensors.ReadHeader(file.FullName).Metadata, file.FullName, result.GetValue(dataset)!, result.GetValue(validation), result.GetValue(seed));
            // Recorded only where it applies, so the settings of runs made before the option stay as they were.
            if (byKl) settings = settings.With("kl-images-per-class", RunSettings.Text(result.GetValue(klImages)));
            settings = HeldOutSplit.Recorded(settings, splitSeed, result.GetValue(seed));
            if (PruneResume.Finished(outPath, settings)) { Console.WriteLine($"already done: {outPath} was made with these settings"); return Task.FromResult(0); }
            var resume = layerwise ? PruneResume.Open(outPath, settings) : null;

            var machine = Machine.Announce(dev);
            using var original = ModelCheckpoint.Load(file.FullName, dev);
            using var resumed = resume?.LoadNetwork(dev);
            var loaded = resumed ?? original;
            var net = loaded.Network;
            var steps = Steps(original.Network, result.GetValue(granularity)!, result.GetValue(ratio), result.GetValue(ratios), result.GetValue(kernelRatio), result.GetValue(equal));
            var (train, valid, test) = Splits.Load(result.GetValue(dataset)!, result.GetValue(validation), splitSeed, result.GetValue(retrainLimit));
            using (train) using (valid) using (test)
            {
                if (valid is null) throw new ArgumentException("--validation must be positive: masks are chosen on validation data");
                var normalization = InputNormalization.Of(original.Metadata, file.FullName, train.Channels, () => train);
                using var evaluator = new ValidationEvaluator(loaded.Model, valid, normalization);
                var before = resume?.TestMcrBefore ?? Evaluation.Of(original.Model, test, normalization).Mcr;
                Console.WriteLine($"{original.Model.Describe()}: test MCR {before:F2}% before pruning; {steps.Count} pruning steps");
                if (resume is { LayersDone: > 0 } r0) Console.WriteLine($"resuming after layer {r0.LayersDone} ({r0.Steps.Count} steps done in {PruneResume.PathOf(outPath)})");

                using var klSample = byKl ? PerClassSample.First(valid, result.GetValue(klImages)) : null;
                var selector = klSample is null ? Selector(result.GetValue(select)!, evaluator, result.GetValue(trials), result.GetValue(seed))
                    : new CriterionSelector(new OutputKlDivergence(loaded.Model, klSample, normalization));
                var masked = result.GetValue(retrainMasked);
                var retraining = RetrainAction(net, masked, train, normalization, retrainEpochCount, rate, result.GetValue(seed), dev, cancellation);
                // One-shot pruning has a moment when every layer is pruned and nothing retrained: measure the test MCR there too.
                double? testAfterPruning = null;
                Action? retrain = retraining is null ? null : () =>
                {
                    if (!layerwise) testAfterPruning = Evaluation.Of(loaded.Model, test, normalization).Mcr;
                    retraining();
                };
                double Measure() => evaluator.EvaluateCurrent().Mcr;
                void Log(StepResult r) => Console.WriteLine($"  {r.Step.Layer} {r.Step.Granularity} ratio {r.Step.Ratio:G3}: kept {r.Selection.Choice.Kept}/{r.Selection.Choice.Keep.Length}" +
                    $", validation MCR {r.McrAfterPruning:F2}%" + (r.McrAfterRetraining is { } a ? $" → {a:F2}% after retraining" : ""));
                var log = new List<StepLog>(resume?.Steps ?? []);
                if (layerwise)
                {
                    Schedule.Layerwise(net, steps, selector, retrain, Measure, Log, resume!.LayersDone, (done, results) =>
                    {
                        log.AddRange(results.Select(StepLog.Of));
                        resume.Save(loaded.Model, done, log, before);
                    });
                }
                else log.AddRange(Schedule.OneShot(net, steps, selector, retrain, Measure, Log).Select(StepLog.Of));

                double? mcrAfterFinal = null;
                if (RetrainAction(net, masked, train, normalization, result.GetValue(finalEpochs), rate, result.GetValue(seed), dev, cancellation) is { } finalFineTune)
                {
                    Console.WriteLine($"final fine-tune: {result.GetValue(finalEpochs)} epochs");
                    finalFineTune();
                    mcrAfterFinal = Measure();
                    Console.WriteLine($"  validation MCR {mcrAfterFinal:F2}% after the final fine-tune");
                }
                var after = Evaluation.Of(loaded.Model, test, normalization);
                if (retraining is null) testAfterPruning = after.Mcr;
                var report = PruningReport.Of(loaded.Model, net.InputShape, before, after.Mcr);
                Console.WriteLine(report);
                if (result.GetValue(compact))
                {
                    var removed = Compaction.Compact(net);
                    Console.WriteLine($"compacted: removed {removed.Values.Sum()} feature maps ({string.Join(", ", removed.Select(kv => $"{kv.Key} −{kv.Value}"))})");
                }
                var metadata = original.Metadata.Where(kv => kv.Key.StartsWith("workbench.normalization", StringComparison.Ordinal)).ToDictionary();
                metadata[HeldOutSplit.MetadataKey] = HeldOutSplit.Record(result.GetValue(dataset)!, result.GetValue(validation), splitSeed);
                metadata[PruneResume.SettingsKey] = settings.ToJson();
                WriteReport(outPath, report, log, testAfterPruning, mcrAfterFinal, machine);
                ModelCheckpoint.Save(outPath, loaded.Model, extraMetadata: metadata);
                resume?.Delete();
                Console.WriteLine($"wrote {outPath} and its report ({Path.GetFileName(Path.ChangeExtension(outPath, ".report.json"))}, .csv)");
            }
            return Task.FromResult(0);
        });
        return command;
    }

    private static IReadOnlyList<PruningStep> Steps(IConvNetwork net, string granularity, double? ratio, string? ratios, double? kernelRatio, bool equal)
    {
        if (ratio is null == ratios is null) throw new ArgumentException("give exactly one of --ratio R or --ratios r1,r2,...");
        double[]? list = ratios is null ? null : ResultFiles.Numbers(ratios, "--ratios");
        double At(int i, int count) => list is null ? ratio!.Value : list.Length == count ? list[i] : throw new ArgumentException($"--ratios has {list.Length} values for {count} prunable layers");
        foreach (var r in list ?? [ratio!.Value]) PruneCount.CheckRatio(r, list is null ? "--ratio" : "--ratios");
        var kernel = equal ? Granularity.KernelEqualPerMap : Granularity.Kernel;
        // Traced once here rather than in every step's ratio below.
        var layers = net.ConvLayers();
        var mapLayers = layers.Count(l => l.Consumer != ConsumerKind.ResidualAdd);
        return granularity switch
        {
            "feature-map" => PruningStep.ForLayers(net, Granularity.FeatureMap, (_, i) => At(i, mapLayers)),
            "kernel" => PruningStep.ForLayers(net, kernel, (_, i) => At(i, layers.Count)),
            _ => PruningStep.Combined(net, (_, i) => At(i, layers.Count), (_, i) => kernelRatio ?? At(i, layers.Count), equal),
        };
    }

    private static ISelector Selector(string name, ICandidateEvaluator evaluator, int trials, int seed) => name switch
    {
        "l1" => new CriterionSelector(new L1Norm()),
        "l2" => new CriterionSelector(new L2Norm()),
        "random" => new CriterionSelector(new LayerSeededRandomScore(seed)),
        _ => new LeastAdversarialSelector(evaluator, trials, seed) { Progress = new CandidateTicker(trials) },
    };

    /// <summary>
    /// Retraining with the masks fixed. It is left out of the run's settings, so a run may resume either way:
    /// both ways train the same weights, and only the cost differs (<see cref="CompactedTraining"/>).
    /// </summary>
    private static Action? RetrainAction(IConvNetwork net, bool masked, Dataset train, Normalization normalization, int epochs, double lr, int seed, Device device, CancellationToken cancellation)
    {
        if (epochs <= 0) return null;
        var options = new TrainingOptions
        {
            Epochs = epochs, LearningRate = lr, Momentum = 0.9, WeightDecay = 5e-4, Seed = seed, Device = device, Normalization = normalization,
            Schedule = LearningRateSchedule.Cosine(lr, epochs),
        };
        void Train(Module model) => ProgressDisplay.Train(model, options, train, null, cancellation);
        return masked ? () => Train((Module)net) : () => CompactedTraining.Train(net, Train);
    }

    /// <param name="machine">the machine of the sitting that finished the run (each sitting's log names its own).</param>
    private static void WriteReport(string checkpointPath, PruningReport report, IReadOnlyList<StepLog> steps, double? testMcrAfterPruning, double? validationMcrAfterFinalFineTune, string machine)
    {
        ResultFiles.WriteText(Path.ChangeExtension(checkpointPath, ".report.csv"), report.ToCsv());
        using var report1 = JsonDocument.Parse(report.ToJson());
        var json = JsonSerializer.Serialize(new { testMcrAfterPruning, validationMcrAfterFinalFineTune, machine, report = report1.RootElement, steps }, new JsonSerializerOptions { WriteIndented = true });
        ResultFiles.WriteText(Path.ChangeExtension(checkpointPath, ".report.json"), json);
    }

    /// <summary>A line per tenth of the candidates, so long mask searches show they are moving.</summary>
    private sealed class CandidateTicker(int trials) : IProgress<CandidateScore>
    {
        public void Report(CandidateScore value)
        {
            var done = value.Index + 1;
            if (done == trials || done % Math.Max(1, trials / 10) == 0) Console.WriteLine($"    candidates {done}/{trials}, last MCR {value.Mcr:F2}%");
        }
    }
}
