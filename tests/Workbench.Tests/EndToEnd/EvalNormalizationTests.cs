using System.Globalization;
using System.Text.RegularExpressions;
using Workbench.Checkpoints;

namespace Workbench.Tests.EndToEnd;

/// <summary>
/// A checkpoint that records no input normalisation (written by another tool) is evaluated with the
/// training images' statistics, and the user is told so; before, it was fed raw pixels and scored near chance.
/// </summary>
public sealed class EvalNormalizationTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void ACheckpointWithoutNormalisationIsEvaluatedAsTrainedAndSaysWhatItAssumed()
    {
        var trained = folder["trained.safetensors"];
        var (exit, stdout, stderr) = CliProcess.Run(TimeSpan.FromMinutes(3), "train", "--model", "convnet", "--width", "0.125", "--epochs", "2",
            "--limit", "3000", "--validation", "200", "--out", trained);
        Assert.True(exit == 0, $"{stdout}\n{stderr}");
        var bare = folder["bare.safetensors"];
        using (var loaded = SafeTensors.Load(trained))
        {
            Assert.Contains("workbench.normalization", loaded.Metadata.Keys);
            SafeTensors.Save(bare, loaded.Tensors, loaded.Metadata.Where(kv => kv.Key != "workbench.normalization").ToDictionary());
        }

        double Accuracy(string path, out string err)
        {
            var (code, output, error) = CliProcess.Run(TimeSpan.FromMinutes(2), "eval", path);
            Assert.True(code == 0, $"{output}\n{error}");
            err = error;
            return double.Parse(Regex.Match(output, @"accuracy (\d+\.\d+) %").Groups[1].Value, CultureInfo.InvariantCulture);
        }
        var withRecorded = Accuracy(trained, out var quiet);
        var withAssumed = Accuracy(bare, out var note);
        Assert.DoesNotContain("normalisation", quiet);
        Assert.Contains($"'{bare}' records no input normalisation; assuming the mean", note);
        Assert.True(withRecorded > 60, $"the trained network scores {withRecorded}%");
        Assert.InRange(withAssumed, withRecorded - 1.5, withRecorded + 1.5);
    }
}
