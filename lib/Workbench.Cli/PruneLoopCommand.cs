using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Workbench.Checkpoints;
using Workbench.Data;
using Workbench.Nn.Models;
using Workbench.Pruning.Residual;
using Workbench.Torch;
using Workbench.Training;

namespace Workbench.Cli;

/// <summary><c>workbench prune-loop</c>: the layer-vs-filter loop of do Nascimento et al. on a trained CIFAR ResNet.</summary>
internal static class PruneLoopCommand
{
    public static Command Create()
    {
        var checkpoint = new Argument<FileInfo>("checkpoint") { Description = "a trained ResNet checkpoint" };
        var target = new Option<double>("--target-mac-reduction") { DefaultValueFactory = _ => 0.6, Description = "stop once MACs are reduced by this fraction" };
        var finalEpochs = new Option<int>("--final-epochs") { DefaultValueFactory = _ => 0, Description = "fine-tune the chosen network this many epochs after the loop (same optimizer)" };
        var epochs = new Option<int>("--finetune-epochs") { DefaultValueFactory = _ => 10, Description = "fine-tuning epochs per candidate (the authors: about 10)" };
        var match = new Option<string>("--match") { DefaultValueFactory = _ => "filters", Description = "filters (the authors' choice) or macs" };
        CliErrors.OneOf(match, "filters", "macs");
        var only = new Option<string>("--only") { DefaultValueFactory = _ => "both", Description = "both (the method), layers or filters (the baselines)" };
        CliErrors.OneOf(only, "both", "layers", "filters");
        var criterion = new Option<string>("--criterion") { DefaultValueFactory = _ => "l1", Description = "which filters the filter candidate removes: l1 (lowest L1 norm) or kl (the authors': least change of the outputs, by KL divergence, when the filter is silenced)" };
        CliErrors.OneOf(criterion, "l1", "kl");
        var klImages = new Option<int>("--kl-images-per-class") { DefaultValueFactory = _ => 500, Description = "held-out images of each class the kl criterion runs on (the authors: 500)" };
        var trainEpochs = new Option<int>("--train-epochs") { DefaultValueFactory = _ => 0, Description = "train the chosen network this many epochs at every iteration (the authors: 190); resumes per epoch" };
        var trainSchedule = new Option<string>("--train-schedule") { DefaultValueFactory = _ => "constant", Description = "learning rate of that training: constant, step (the authors': ÷10 at 100/190 and ÷100 at 150/190 of the epochs) or cosine" };
        CliErrors.OneOf(trainSchedule, "constant", "step", "cosine");
        var trainAugmentation = new Option<string>("--train-augmentation") { DefaultValueFactory = _ => "on", Description = "on (the dataset's usual augmentation, as fine-tuning uses) or off, for that training" };
        CliErrors.OneOf(trainAugmentation, "on", "off");
        var minBlocks = new Option<int>("--min-blocks") { DefaultValueFactory = _ => 2, Description = "blocks every stage keeps" };
        var ckaImages = new Option<int>("--cka-images") { DefaultValueFactory = _ => 500 };
        var lr = new Option<double>("--lr") { DefaultValueFactory = _ => 0.01 };
        var limit = new Option<int?>("--finetune-limit") { Description = "fine-tune on the first N training images only" };
        var dataset = new Option<string>("--dataset") { DefaultValueFactory = _ => "fashion-mnist" };
        CliErrors.OneOf(dataset, [.. Datasets.Names]);
        var validation = new Option<int>("--validation") { DefaultValueFactory = _ => 5000, Description = "held-out images (carved from training) for CKA and accuracy" };
        var seed = new Option<int>("--seed") { Description = "seed of this run's own random draws; the validation images come from the images the checkpoint held out when it records its split (train does), whatever the seed", DefaultValueFactory = _ => 0 };
        var device = new Option<string>("--device") { DefaultValueFactory = _ => "auto" };
        var output = new Option<FileInfo>("--out") { Required = true, Description = "the pruned checkpoint; the log (.loop.csv/.json) and the resumable state (.loop/) go beside it" };

        CliErrors.OpenFraction(target);
        CliErrors.InRange(epochs, 0, 10_000);
        CliErrors.InRange(finalEpochs, 0, 10_000);
        CliErrors.InRange(trainEpochs, 0, 10_000);
        CliErrors.Positive(klImages);
        CliErrors.InRange(minBlocks, 1, 1000);
        CliErrors.Positive(ckaImages);
        CliErrors.Positive(lr);
        CliErrors.InRange(limit, 1, int.MaxValue);
        CliErrors.InRange(validation, 1, 60_000);
        var command = new Command("prune-loop", "Iteratively remove residual blocks or filters, keeping at each step the candidate more similar (CKA) to its parent; resumes when rerun.")
        {
            checkpoint, target, epochs, finalEpochs, trainEpochs, trainSchedule, trainAugmentation, criterion, klImages, match, only, minBlocks, ckaImages, lr, limit, dataset, validation, seed, device, output,
        };
        command.SetAction((result, cancellation) =>
        {
            var file = result.GetValue(checkpoint)!;
            InputPaths.Check("checkpoint", file.FullName);
            var outPath = result.GetValue(output)!.FullName;
            OutputPaths.Check("--out", [outPath, Path.ChangeExtension(outPath, ".loop.csv"), Path.ChangeExtension(outPath, ".loop.json")], file.FullName);
            var dev = CliErrors.ParseDevice(result.GetValue(device)!);
            // Claimed once the options are checked and before any work, so a refusal costs nothing and loses nothing.
            using var claim = OutputLock.Take(outPath);
            var machine = Machine.Announce(dev);
            using var loaded = ModelCheckpoint.Load(file.FullName, dev);
            if (loaded.Model is not ResNetCifar resnet) throw new ArgumentException($"'{file.FullName}' holds a {loaded.Model.GetType().Name}; the loop prunes CIFAR ResNets");
            var splitSeed = HeldOutSplit.Seed(loaded.Metadata, file.FullName, result.GetValue(dataset)!, result.GetValue(validation), result.GetValue(seed));
            var (train, valid, test) = Splits.Load(result.GetValue(dataset)!, result.GetValue(validation), splitSeed, result.GetValue(limit));
            using (train) using (valid) using (test)
            {
                if (valid is null) throw new ArgumentException("--validation must be positive: candidates are compared on held-out images");
                var normalization = InputNormalization.Of(loaded.Metadata, file.FullName, train.Channels, () => train);
                var fineTuning = new TrainingOptions
                {
                    Epochs = result.GetValue(epochs), LearningRate = result.GetValue(lr), Momentum = 0.9, Nesterov = true, WeightDecay = 1e-4,
                    BatchSize = 128, Seed = result.GetValue(seed), Device = dev, Augmentation = Datasets.DefaultAugmentation(result.GetValue(dataset)!),
                };
                var chosenEpochs = result.GetValue(trainEpochs);
                var options = new LoopOptions
                {
                    TargetMacReduction = result.GetValue(target), Match = result.GetValue(match) == "macs" ? FilterMatch.Macs : FilterMatch.Filters,
                    MinimumBlocksPerStage = result.GetValue(minBlocks), CkaImages = result.GetValue(ckaImages),
                    Candidates = result.GetValue(only) switch { "layers" => LoopCandidates.LayersOnly, "filters" => LoopCandidates.FiltersOnly, _ => LoopCandidates.Both },
                    FineTuning = fineTuning,
                    FilterCriterion = result.GetValue(criterion) == "kl" ? FilterCriterion.Kl : FilterCriterion.L1,
                    KlImagesPerClass = result.GetValue(klImages),
                    ChosenTraining = chosenEpochs == 0 ? null : fineTuning with
                    {
                        Epochs = chosenEpochs,
                        Schedule = result.GetValue(trainSchedule) switch
                        {
                            "step" => AuthorsSchedule.Step(fineTuning.LearningRate, chosenEpochs),
                            "cosine" => LearningRateSchedule.Cosine(fineTuning.LearningRate, chosenEpochs),
                            _ => LearningRateSchedule.Constant(fineTuning.LearningRate),
                        },
                        Augmentation = result.GetValue(trainAugmentation) == "off" ? null : fineTuning.Augmentation,
                    },
                };

                using (Interrupt.Use(cancellation))
                {
                    var (pruned, log) = ProgressDisplay.Training("fine-tuning", progress => new LayerVsFilterLoop(options)
                    {
                        Status = Console.WriteLine,
                        FineTuneProgress = progress,
                        ChosenEpochCompleted = (i, e) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"  iteration {i}, training epoch {e.Epoch + 1}/{chosenEpochs}: lr {e.LearningRate:G4}, loss {e.TrainLoss:F4}, accuracy {e.TrainAccuracy:P2}, {e.Seconds:F0}s")),
                        IterationCompleted = i => Console.WriteLine(
                            $"iteration {i.Iteration}: {i.Winner} wins (CKA layer {i.LayerCka:F4} vs filter {i.FilterCka:F4}); MACs −{i.MacReduction:P1}, validation accuracy {i.ValidationAccuracy:P2}, {i.Seconds:F0}s"),
                    }.Run(resnet, train, valid, normalization, outPath + ".loop"));
                    using (pruned)
                    {
                        if (result.GetValue(finalEpochs) is > 0 and var finalCount)
                        {
                            Console.WriteLine($"final fine-tune: {finalCount} epochs");
                            ProgressDisplay.Train(pruned, options.FineTuning with { Epochs = finalCount, Normalization = normalization, CheckpointPath = null }, train, valid, cancellation);
                        }
                        var final = Evaluation.Of(pruned, test, normalization);
                        Console.WriteLine($"test: {final}");
                        var metadata = loaded.Metadata.Where(kv => kv.Key == "workbench.normalization").ToDictionary();
                        metadata[HeldOutSplit.MetadataKey] = HeldOutSplit.Record(result.GetValue(dataset)!, result.GetValue(validation), splitSeed);
                        ModelCheckpoint.Save(outPath, pruned, extraMetadata: metadata);
                        WriteLog(outPath, log, final, machine);
                    }
                }
                Console.WriteLine($"wrote {outPath} and its log ({Path.GetFileName(Path.ChangeExtension(outPath, ".loop.csv"))}, .json)");
            }
            return Task.FromResult(0);
        });
        return command;
    }

    private static void WriteLog(string checkpoint, IReadOnlyList<LoopIteration> log, Evaluation test, string machine)
    {
        var csv = new StringBuilder("iteration,winner,removed_block,filters_removed,layer_cka,filter_cka,macs,parameters,mac_reduction,validation_accuracy,seconds\n");
        foreach (var i in log)
            csv.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{i.Iteration},{i.Winner},{i.RemovedBlock},{i.FiltersRemoved},{i.LayerCka},{i.FilterCka},{i.Macs},{i.Parameters},{i.MacReduction},{i.ValidationAccuracy},{i.Seconds}"));
        ResultFiles.WriteText(Path.ChangeExtension(checkpoint, ".loop.csv"), csv.ToString());
        ResultFiles.WriteText(Path.ChangeExtension(checkpoint, ".loop.json"), JsonSerializer.Serialize(new { iterations = log, test, machine }, LayerVsFilterLoop.LogJson));
    }
}
