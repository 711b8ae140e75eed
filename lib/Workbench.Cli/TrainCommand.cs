using System.CommandLine;
using System.Globalization;
using Workbench.Checkpoints;
using Workbench.Data;
using Workbench.Nn.Models;
using Workbench.Torch;
using Workbench.Training;

namespace Workbench.Cli;

/// <summary>
/// <c>workbench train</c>: trains a new network, or goes on training one from a checkpoint (<c>--init</c>: a longer final
/// fine-tune of a pruned network, its masks kept), checkpointing and resuming at every epoch.
/// </summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = $"{string.Join(", ", Models.Names)}: a new network (or give --init)" };
        var init = new Option<FileInfo>("--init") { Description = "go on training the network of this checkpoint (its masks kept, its input normalisation and held-out split used) instead of a new one" };
        CliErrors.OneOf(model, Models.Names);
        var dataset = new Option<string>("--dataset") { Description = "fashion-mnist, mnist or cifar10", DefaultValueFactory = _ => "fashion-mnist" };
        CliErrors.OneOf(dataset, [.. Datasets.Names]);
        var width = new Option<double>("--width") { Description = "ConvNet width multiplier", DefaultValueFactory = _ => 1.0 };
        var epochs = new Option<int>("--epochs") { DefaultValueFactory = _ => 10 };
        var batch = new Option<int>("--batch") { DefaultValueFactory = _ => 128 };
        var lr = new Option<double>("--lr") { DefaultValueFactory = _ => 0.1 };
        var schedule = new Option<string>("--schedule") { Description = "constant, cosine, multistep or multistep:E1,E2", DefaultValueFactory = _ => "cosine" };
        var weightDecay = new Option<double>("--weight-decay") { DefaultValueFactory = _ => 1e-4 };
        var nesterov = new Option<bool>("--nesterov") { Description = "Nesterov momentum (the layer-vs-filter authors' fine-tuning, and prune-loop's)" };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 0 };
        var device = new Option<string>("--device") { Description = "auto, cpu, cuda or cuda:N", DefaultValueFactory = _ => "auto" };
        var limit = new Option<int?>("--limit") { Description = "train on the first N training images only (quick runs)" };
        var validation = new Option<int>("--validation") { Description = "images carved from the training set for validation", DefaultValueFactory = _ => 5000 };
        var restart = new Option<bool>("--restart") { Description = "ignore an existing checkpoint at --out instead of resuming from it" };
        var output = new Option<FileInfo>("--out") { Description = "checkpoint to write (.safetensors); metrics go beside it", Required = true };
        foreach (var o in new Option[] { epochs, batch }) CliErrors.Positive((Option<int>)o);
        CliErrors.Positive(lr);
        CliErrors.InRange(width, 1e-3, Networks.MaxWidth);
        CliErrors.InRange(weightDecay, 0, 1);
        CliErrors.InRange(validation, 0, 60_000);
        CliErrors.InRange(limit, 1, int.MaxValue);

        var command = new Command("train", "Train a network; writes the checkpoint (the model alone) and the metrics CSV and JSON every epoch, and resumes when rerun with the same settings (refusing others).")
        {
            model, init, dataset, width, epochs, batch, lr, schedule, weightDecay, nesterov, seed, device, limit, validation, restart, output,
        };
        command.SetAction((result, cancellation) =>
        {
            var outPath = result.GetValue(output)!.FullName;
            var initPath = result.GetValue(init)?.FullName;
            if (initPath is null == result.GetValue(model) is null)
                throw new ArgumentException("give --model NAME to train a new network, or --init CHECKPOINT to go on training one (not both)");
            if (initPath is not null && result.GetResult(width) is { Implicit: false })
                throw new ArgumentException("--width shapes a new network; with --init the checkpoint's network is trained as it is");
            if (initPath is not null) InputPaths.Check("--init", initPath);
            OutputPaths.Check("--out", [outPath, MetricsFile.CsvPath(outPath), MetricsFile.JsonPath(outPath), Trainer.ResumePath(outPath)], initPath is null ? [] : [initPath]);
            var epochCount = result.GetValue(epochs);
            LearningRateSchedule learningRates;
            try { learningRates = LearningRateSchedule.Parse(result.GetValue(schedule)!, result.GetValue(lr), epochCount); }
            catch (ArgumentException e) { throw new ArgumentException($"--schedule: {e.Message}", e); }
            var dev = CliErrors.ParseDevice(result.GetValue(device)!);
            // Claimed once the options are checked and before any work, so a refusal costs nothing and loses nothing.
            using var claim = OutputLock.Take(outPath);
            var data = result.GetValue(dataset)!;
            var initMetadata = initPath is null ? null : SafeTensors.ReadHeader(initPath).Metadata;
            // A network trained on further is judged on the images it held out, whatever --seed is (see HeldOutSplit).
            var splitSeed = initMetadata is null ? result.GetValue(seed) : HeldOutSplit.Seed(initMetadata, initPath!, data, result.GetValue(validation), result.GetValue(seed));
            var (train, valid, test) = Splits.Load(data, result.GetValue(validation), splitSeed, result.GetValue(limit));
            using (train) using (valid) using (test)
            {
                var normalization = initMetadata is null ? Normalization.FromData(train) : InputNormalization.Of(initMetadata, initPath!, train.Channels, () => train);
                var description = new Dictionary<string, string>
                {
                    ["model"] = result.GetValue(model) ?? "checkpoint", ["dataset"] = data, ["train-images"] = train.Count.ToString(CultureInfo.InvariantCulture),
                    ["validation"] = (valid?.Count ?? 0).ToString(CultureInfo.InvariantCulture),
                };
                if (initPath is not null) description["init-sha256"] = Checksum.Sha256Hex(initPath);
                var options = new TrainingOptions
                {
                    Epochs = epochCount, BatchSize = result.GetValue(batch), LearningRate = result.GetValue(lr),
                    Schedule = learningRates,
                    WeightDecay = result.GetValue(weightDecay), Nesterov = result.GetValue(nesterov), Seed = result.GetValue(seed), Device = dev,
                    Augmentation = Datasets.DefaultAugmentation(data), Normalization = normalization,
                    CheckpointPath = outPath, Resume = !result.GetValue(restart),
                    RunDescription = HeldOutSplit.Recorded(new RunSettings(description), splitSeed, result.GetValue(seed)).Values,
                };
                LibTorch.ManualSeed((ulong)options.Seed);
                using var loaded = initPath is null ? null : ModelCheckpoint.Load(initPath, dev);
                using var created = loaded is null ? Models.Create(result.GetValue(model)!, train.Channels, train.Height, train.ClassNames.Count, result.GetValue(width)) : null;
                var net = loaded?.Model ?? created!;
                var machine = Machine.Announce(dev);
                Console.WriteLine($"{net.Describe()} on {train.Name}: {train.Count} train, {valid?.Count ?? 0} validation, {test.Count} test images; device {dev}, {LibTorch.Threads} threads");
                var history = ProgressDisplay.Train(net, options, train, valid, cancellation, h => MetricsFile.Write(options.CheckpointPath!, h, null, machine));
                var final = Evaluation.Of(net, test, normalization);
                Console.WriteLine($"test: {final}");
                MetricsFile.Write(options.CheckpointPath!, history, final, machine);
                Console.WriteLine($"wrote {options.CheckpointPath} and its metrics ({Path.GetFileName(MetricsFile.CsvPath(options.CheckpointPath!))}, .json)");
            }
            return Task.FromResult(0);
        });
        return command;
    }
}
