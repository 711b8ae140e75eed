using Workbench.Checkpoints;
using Workbench.Data;
using Workbench.Torch;
using Workbench.Training;

namespace Workbench.Tests.EndToEnd;

/// <summary>
/// <c>train --init</c> goes on training a checkpoint's network (a longer final fine-tune of a pruned one): its masks stay
/// as they were, and it trains as the library's trainer does from the same weights, normalisation and split.
/// </summary>
public sealed class TrainFromCheckpointTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private void Cli(params string[] arguments)
    {
        var (exit, stdout, stderr) = CliProcess.Run(Timeout, arguments);
        Assert.True(exit == 0, $"{stdout}\n{stderr}");
    }

    private string PrunedCheckpoint()
    {
        Cli("train", "--model", "convnet", "--width", "0.125", "--limit", "256", "--validation", "200", "--batch", "64", "--epochs", "1", "--out", folder["base.safetensors"]);
        Cli("prune", folder["base.safetensors"], "--granularity", "combined", "--ratio", "0.5", "--kernel-ratio", "0.5", "--select", "l1",
            "--retrain-epochs", "0", "--validation", "200", "--out", folder["pruned.safetensors"]);
        return folder["pruned.safetensors"];
    }

    [Fact]
    public void APrunedNetworkTrainsOnWithItsMasksAsTheLibrarysTrainerTrainsIt()
    {
        var pruned = PrunedCheckpoint();
        Cli("train", "--init", pruned, "--epochs", "2", "--lr", "0.01", "--limit", "192", "--validation", "200", "--batch", "64", "--seed", "0", "--nesterov", "--out", folder["more.safetensors"]);

        // The reference: the same weights trained in this process by the library, with what the CLI should have chosen.
        using var reference = ModelCheckpoint.Load(pruned, Device.Cpu);
        using (var data = DataSplits.Load("fashion-mnist", 200, 0, 192)) // fewer images than the base trained on, so their statistics are not the normalisation it records
        {
            new Trainer(reference.Model, new TrainingOptions
            {
                Epochs = 2, BatchSize = 64, LearningRate = 0.01, Nesterov = true, Schedule = LearningRateSchedule.Parse("cosine", 0.01, 2), WeightDecay = 1e-4, Seed = 0,
                Device = Device.Cpu, Augmentation = Datasets.DefaultAugmentation("fashion-mnist"), Normalization = Trainer.NormalizationOf(reference.Metadata),
            }).Fit(data.Train, data.Validation, TestContext.Current.CancellationToken);
        }
        using var before = SafeTensors.Load(pruned);
        using var after = SafeTensors.Load(folder["more.safetensors"]);
        var expected = reference.Model.StateDict();
        Assert.Equal(before.Tensors.Keys.Order(), after.Tensors.Keys.Order());
        Assert.Contains(before.Tensors.Keys, k => k.EndsWith(".weight_mask", StringComparison.Ordinal));
        foreach (var (name, trained) in after.Tensors)
        {
            if (name.EndsWith(".weight_mask", StringComparison.Ordinal))
                Assert.Equal(before.Tensors[name].ToArrayAny(), trained.ToArrayAny()); // the masks are kept as they were
            var difference = expected[name].ToArrayAny().Zip(trained.ToArrayAny(), (a, b) => Math.Abs(a - b)).Max();
            Assert.True(difference < 1e-4, $"{name} differs from the library's training by {difference}");
        }
        Assert.NotEqual(before.Tensors["features.0.weight"].ToArrayAny(), after.Tensors["features.0.weight"].ToArrayAny()); // it trained
        Assert.Equal(Checksum.Sha256Hex(pruned), Trainer.SettingsOf(after.Metadata, "more")!.Values["init-sha256"]);

        // Rerun onto the same --out from another checkpoint: refused, naming what differs, and the run left as it was.
        var written = File.ReadAllBytes(folder["more.safetensors"]);
        var (exit, stdout, stderr) = CliProcess.Run(Timeout, "train", "--init", folder["base.safetensors"], "--epochs", "2", "--lr", "0.01", "--limit", "192",
            "--validation", "200", "--batch", "64", "--seed", "0", "--nesterov", "--out", folder["more.safetensors"]);
        Assert.NotEqual(0, exit);
        Assert.Contains("init-sha256", stdout + stderr);
        Assert.Equal(written, File.ReadAllBytes(folder["more.safetensors"]));
    }

    [Theory]
    [InlineData("both", "--model NAME to train a new network, or --init CHECKPOINT")]
    [InlineData("neither", "--model NAME to train a new network, or --init CHECKPOINT")]
    [InlineData("width", "--width shapes a new network")]
    [InlineData("over-input", "--out")]
    public void ConflictingChoicesAreRefusedBeforeAnyWork(string choice, string message)
    {
        File.WriteAllBytes(folder["in.safetensors"], [1, 2, 3]);
        string[] common = ["--epochs", "1", "--limit", "64", "--validation", "32"];
        string[] args = choice switch
        {
            "both" => ["train", "--model", "convnet", "--init", folder["in.safetensors"], .. common, "--out", folder["out.safetensors"]],
            "neither" => ["train", .. common, "--out", folder["out.safetensors"]],
            "width" => ["train", "--init", folder["in.safetensors"], "--width", "0.5", .. common, "--out", folder["out.safetensors"]],
            _ => ["train", "--init", folder["in.safetensors"], .. common, "--out", folder["in.safetensors"]],
        };
        var (exit, stdout, stderr) = CliProcess.Run(Timeout, args);
        Assert.NotEqual(0, exit);
        Assert.Contains(message, stderr);
        Assert.Equal([1, 2, 3], File.ReadAllBytes(folder["in.safetensors"])); // the input is untouched
        Assert.False(File.Exists(folder["out.safetensors"]), stdout);
    }
}
