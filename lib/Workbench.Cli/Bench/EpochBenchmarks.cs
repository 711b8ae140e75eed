using System.Globalization;
using System.Text;
using Workbench.Data;
using Workbench.Torch;
using Workbench.Training;

namespace Workbench.Cli.Bench;

/// <summary>
/// Time per training epoch at CIFAR-10's size (50,000 images of 3×32×32, batch 128, the crop-and-flip
/// augmentation), so users can plan a full reproduction. It runs the real <see cref="Trainer"/> on random
/// images, so no dataset is needed; a run shorter than an epoch is scaled up, and says so.
/// </summary>
internal static class EpochBenchmarks
{
    public const int CifarTrainImages = 50_000;
    private const int Batch = 128;
    public static readonly int StepsPerEpoch = (CifarTrainImages + Batch - 1) / Batch;

    public static (string Markdown, object Rows) TimePerEpoch(IReadOnlyList<TrainingBenchmarks.Case> cases, int steps, Device device)
    {
        steps = Math.Clamp(steps, 1, StepsPerEpoch);
        var md = new StringBuilder("| network | device | steps timed | ms per step | epoch (s) | how |\n|---|---|---|---|---|---|\n");
        var rows = new List<object>();
        foreach (var c in cases)
        {
            var images = Math.Min(CifarTrainImages, steps * Batch);
            LibTorch.ManualSeed(0);
            using var data = RandomImages.Of([3, 32, 32], images, "random CIFAR-sized");
            using var warmUpData = data.Subset([.. Enumerable.Range(0, Batch).Select(i => (long)i)]);
            using var net = c.Build();
            var options = new TrainingOptions
            {
                Epochs = 1, BatchSize = Batch, LearningRate = 0.01, Device = device, Augmentation = Augmentation.CifarRecipe,
                Normalization = new Normalization([0.491f, 0.482f, 0.447f], [0.247f, 0.243f, 0.262f]), ProgressEvery = 50,
            };
            // A first one-step run pays for allocator growth and cuDNN's algorithm choice outside the clock.
            new Trainer(net, options).Fit(warmUpData);
            var seconds = new Trainer(net, options).Fit(data)[0].Seconds;
            var timed = (images + Batch - 1) / Batch;
            var epoch = seconds * StepsPerEpoch / timed;
            var how = timed == StepsPerEpoch ? "one whole epoch measured" : $"{timed} steps measured, scaled to {StepsPerEpoch}";
            md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {c.Label} | {device} | {timed} | {1000 * seconds / timed:F1} | {epoch:F1} | {how} |"));
            rows.Add(new { network = c.Label, device = device.ToString(), steps = timed, seconds, epochSeconds = epoch, stepsPerEpoch = StepsPerEpoch });
        }
        return (md.ToString(), rows);
    }
}
