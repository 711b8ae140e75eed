using Workbench.Checkpoints;
using Workbench.Data;
using Workbench.Nn;
using Workbench.Nn.Models;
using Workbench.Torch;

namespace Workbench.Training;

/// <summary>How a baseline network is trained: the network, and SGD with momentum and a cosine schedule.</summary>
public sealed record BaselineRecipe
{
    /// <summary>convnet, resnet20, resnet32, resnet56 or resnet110.</summary>
    public string Model { get; init; } = "convnet";
    /// <summary>The ConvNet's width multiplier.</summary>
    public double Width { get; init; } = 0.125;
    public int Epochs { get; init; } = 15;
    public double LearningRate { get; init; } = 0.1;
    public double WeightDecay { get; init; } = 1e-4;
    public int Seed { get; init; }
}

/// <summary>
/// The trained network an experiment prunes, with the normalisation it was trained with and where
/// it came from. Owns the network.
/// </summary>
public sealed class Baseline : IDisposable
{
    private readonly LoadedModel loaded;

    private Baseline(LoadedModel loaded, Normalization normalization, string source) => (this.loaded, Normalization, Source) = (loaded, normalization, source);

    public Module Model => loaded.Model;
    public IConvNetwork Network => loaded.Network;
    public Normalization Normalization { get; }
    /// <summary>The checkpoint it was loaded from, or the cache entry it was trained into.</summary>
    public string Source { get; }

    /// <summary>
    /// Loads <paramref name="checkpoint"/> when given (a network trained with <c>workbench train</c>),
    /// else the network the cache holds for this recipe and training set, training it first if there is none.
    /// </summary>
    public static Baseline TrainOrLoad(BaselineRecipe recipe, DataSplits data, Device device, string? checkpoint = null,
        ExperimentCache? cache = null, IProgress<TrainingProgress>? progress = null)
    {
        if (!string.IsNullOrEmpty(checkpoint))
        {
            if (!File.Exists(checkpoint)) throw new FileNotFoundException($"no baseline checkpoint at '{Path.GetFullPath(checkpoint)}'", checkpoint);
            // Read first: an unusable record must not leave a loaded network behind undisposed.
            var recorded = Trainer.NormalizationOf(SafeTensors.ReadHeader(checkpoint).Metadata, checkpoint);
            var fromFile = ModelCheckpoint.Load(checkpoint, device);
            (progress as IProgress<string>)?.Report($"loaded {checkpoint}");
            return new Baseline(fromFile, recorded ?? Normalization.FromData(data.Train), Path.GetFullPath(checkpoint));
        }
        cache ??= ExperimentCache.Default;
        var normalization = Normalization.FromData(data.Train);
        var key = new { recipe, data = data.Dataset, images = data.Train.Count, validation = data.Validation?.Count ?? 0 };
        var name = $"{recipe.Model}-{data.Dataset}";
        var trained = cache.Network(name, key, () =>
        {
            LibTorch.ManualSeed((ulong)recipe.Seed);
            var net = Networks.Create(recipe.Model, data.Train.Channels, data.Train.Height, data.Train.ClassNames.Count, recipe.Width).To(device);
            var options = new TrainingOptions
            {
                Epochs = recipe.Epochs, LearningRate = recipe.LearningRate, WeightDecay = recipe.WeightDecay, Seed = recipe.Seed, Device = device,
                Normalization = normalization, Schedule = LearningRateSchedule.Cosine(recipe.LearningRate, recipe.Epochs),
                Augmentation = Datasets.DefaultAugmentation(data.Dataset),
            };
            new Trainer(net, options) { Progress = progress }.Fit(data.Train);
            return net;
        }, device);
        var path = cache.PathOf(name, key, ".safetensors");
        (progress as IProgress<string>)?.Report($"done: {path}");
        return new Baseline(trained, normalization, path);
    }

    public override string ToString() => $"{Model.Describe()} from {Source}";

    public void Dispose() => loaded.Dispose();
}
