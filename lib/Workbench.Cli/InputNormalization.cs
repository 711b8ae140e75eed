using System.Globalization;
using Workbench.Data;
using Workbench.Training;

namespace Workbench.Cli;

/// <summary>
/// The normalisation a checkpoint's network expects. `train` records it; a checkpoint without it
/// (written elsewhere) is given the training split's per-channel statistics, which is what `train`
/// would have used, and the user is told so, since unnormalised input silently ruins every figure.
/// A record that is unusable, or made for images of another channel count, is refused before any work.
/// </summary>
internal static class InputNormalization
{
    /// <param name="channels">The channel count of the images the network will be given.</param>
    public static Normalization Of(IReadOnlyDictionary<string, string> metadata, string checkpoint, int channels, Func<Dataset> trainingSplit)
    {
        if (Trainer.NormalizationOf(metadata, checkpoint) is { } recorded)
        {
            if (recorded.Mean.Length != channels)
                throw new InvalidDataException($"'{checkpoint}' records an input normalisation for {recorded.Mean.Length}-channel images, but the dataset's images are {channels}-channel");
            return recorded;
        }
        var assumed = Normalization.FromData(trainingSplit());
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"note: '{checkpoint}' records no input normalisation; assuming the mean [{string.Join(", ", assumed.Mean.Select(m => m.ToString("G4", CultureInfo.InvariantCulture)))}] " +
            $"and std [{string.Join(", ", assumed.Std.Select(s => s.ToString("G4", CultureInfo.InvariantCulture)))}] of the training images"));
        return assumed;
    }

    /// <summary>The same when only the dataset's name is at hand: its training split is loaded only if needed.</summary>
    public static Normalization Of(IReadOnlyDictionary<string, string> metadata, string checkpoint, int channels, string dataset)
    {
        Dataset? train = null;
        try
        {
            return Of(metadata, checkpoint, channels, () => train = Datasets.Load(dataset, Split.Train));
        }
        finally
        {
            train?.Dispose();
        }
    }
}
