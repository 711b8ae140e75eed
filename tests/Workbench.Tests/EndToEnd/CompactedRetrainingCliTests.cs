using System.Text.Json.Nodes;
using Workbench.Checkpoints;
using Workbench.Nn.Models;
using Workbench.Torch;

namespace Workbench.Tests.EndToEnd;

/// <summary><c>prune</c> retrains through a compacted copy by default; <c>--retrain-masked</c> is the old way, and both make the same network.</summary>
public sealed class CompactedRetrainingCliTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void RetrainingThroughTheCompactedCopyMakesTheNetworkMaskedRetrainingMakes()
    {
        LibTorch.ManualSeed(5);
        using (var net = ConvNet.Create(1, 28, width: 0.125)) ModelCheckpoint.Save(folder["base.safetensors"], net);
        JsonNode Run(string name, params string[] extra)
        {
            var (exit, stdout, stderr) = CliProcess.Run(TimeSpan.FromMinutes(5), ["prune", folder["base.safetensors"], "--granularity", "feature-map", "--ratios", "0.5,0,0,0.5,0,0",
                "--select", "random", "--retrain-epochs", "1", "--final-epochs", "1", "--retrain-limit", "128", "--validation", "200", "--seed", "2", "--compact", "--out", folder[name], .. extra]);
            Assert.True(exit == 0, $"{stdout}\n{stderr}");
            return JsonNode.Parse(File.ReadAllText(Path.ChangeExtension(folder[name], ".report.json")))!["report"]!;
        }
        var compacted = Run("compacted.safetensors");
        var masked = Run("masked.safetensors", "--retrain-masked");

        // --compact leaves the kept maps alone, where the two ways agree (removed maps hold what each way left there).
        using var a = ModelCheckpoint.Load(folder["compacted.safetensors"]);
        using var b = ModelCheckpoint.Load(folder["masked.safetensors"]);
        var (sa, sb) = (a.Model.StateDict(), b.Model.StateDict());
        Assert.Equal(sb.Keys.Order(), sa.Keys.Order());
        foreach (var (key, t) in sb)
        {
            var (x, y) = (t.To(DType.Float64).ToArray<double>(), sa[key].To(DType.Float64).ToArray<double>());
            Assert.Equal(x.Length, y.Length);
            // Against the tensor's scale: rounding moves every entry by about the same absolute amount.
            var scale = 1e-6 + x.Max(Math.Abs);
            var worst = x.Zip(y).Max(p => Math.Abs(p.First - p.Second)) / scale;
            Assert.True(worst < 1e-4, $"{key}: largest difference {worst:G3} of the tensor's largest entry");
        }
        // Three steps in all (two layers' retraining and the final fine-tune) keep the two apart by rounding alone. Longer
        // runs amplify it, as any change of summation order does (measured: about 3.7 times a step on a barely trained
        // ConvNet), and a choice by weights (L1) could then flip a near tie; so few steps, and maps drawn at random.
        var mcr = (JsonNode r) => r["mcrAfter"]!.GetValue<double>();
        Assert.InRange(Math.Abs(mcr(compacted) - mcr(masked)), 0, 0.05);
    }
}
