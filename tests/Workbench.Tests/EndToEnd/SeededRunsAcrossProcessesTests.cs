using System.Text.Json.Nodes;
using Workbench.Checkpoints;
using Workbench.Nn.Models;
using Workbench.Pruning.Selection;
using Workbench.Tests.Reference;
using Workbench.Torch;

namespace Workbench.Tests.EndToEnd;

/// <summary>A seed makes a run repeatable in another process too, not only within one.</summary>
public sealed class SeededRunsAcrossProcessesTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void LeastAdversarialSearchDrawsTheSameCandidatesInTwoProcesses()
    {
        LibTorch.ManualSeed(11);
        using (var net = ConvNet.Create(1, 28, width: 0.125)) ModelCheckpoint.Save(folder["base.safetensors"], net);
        JsonNode Run(string name)
        {
            var (exit, stdout, stderr) = CliProcess.Run(TimeSpan.FromMinutes(3), "prune", folder["base.safetensors"], "--granularity", "feature-map", "--ratio", "0.5",
                "--select", "least-adversarial", "--trials", "4", "--retrain-epochs", "0", "--validation", "200", "--seed", "3", "--out", folder[name]);
            Assert.True(exit == 0, $"{stdout}\n{stderr}");
            return JsonNode.Parse(File.ReadAllText(Path.ChangeExtension(folder[name], ".report.json")))!["steps"]!;
        }
        var first = Run("a.safetensors");
        var second = Run("b.safetensors");
        Assert.Equal(first.ToJsonString(), second.ToJsonString());
        Assert.Equal(6, first.AsArray().Count);
    }

    [Fact]
    public void TheDerivedSeedIsAFixedFunctionOfItsParts()
    {
        // An independent computation of the same definition: SHA-256 of the parts joined by U+001F, first four bytes little-endian, sign bit cleared.
        var expected = SystemPython.Run("""
            import hashlib, sys
            d = hashlib.sha256("\x1f".join(sys.argv[1:]).encode()).digest()
            print(int.from_bytes(d[:4], "little") & 0x7fffffff)
            """, "0", "features.3", "feature-map", "0.5").Trim();
        Assert.Equal(expected, StableSeed.Of(0, "features.3", "feature-map", 0.5).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
