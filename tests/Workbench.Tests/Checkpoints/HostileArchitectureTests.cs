using System.Diagnostics;
using System.Text.Json.Nodes;
using Workbench.Checkpoints;
using Workbench.Nn.Models;

namespace Workbench.Tests.Checkpoints;

/// <summary>
/// A checkpoint's architecture header is untrusted: sizes out of bounds, absent arrays and headers that do
/// not describe the file's tensors are refused before anything is built, naming the file and the key. The
/// cases are the issue's: before, a hidden width of 300,000 took 58 s and 7.3 GB before the shape mismatch,
/// and an input size of −28 loaded and failed only after a whole pruning run.
/// </summary>
public sealed class HostileArchitectureTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    /// <summary>A small real checkpoint whose architecture JSON is then edited by <paramref name="edit"/>.</summary>
    private string Crafted(string network, Action<JsonObject> edit)
    {
        var path = folder.File($"{network}-{Guid.NewGuid():N}.safetensors");
        using (var model = network == "resnet" ? (Workbench.Nn.Module)ResNetCifar.Create(20, 1, 28) : ConvNet.Create(1, 28, width: 0.125)) ModelCheckpoint.Save(path, model);
        using var checkpoint = SafeTensors.Load(path);
        var architecture = JsonNode.Parse(checkpoint.Metadata[ModelCheckpoint.ArchitectureKey])!.AsObject();
        edit(architecture);
        checkpoint.Metadata[ModelCheckpoint.ArchitectureKey] = architecture.ToJsonString();
        SafeTensors.Save(path, checkpoint.Tensors, checkpoint.Metadata);
        return path;
    }

    private static string Repeated(int value, int count) => string.Join(",", Enumerable.Repeat(value, count));

    public static TheoryData<string, string, string, string> Cases => new()
    {
        // network, key, JSON value, what the message must say
        { "convnet", "hidden", "300000", "'hidden' is 300000" },
        { "convnet", "channels", "[20000,16,16,16,32,32]", "'channels[0]' is 20000" },
        { "convnet", "channels", "null", "'channels' is null" },
        { "convnet", "channels", "[16,16]", "'channels' lists 2 widths" },
        { "convnet", "inputSize", "-28", "'inputSize' is -28" },
        { "convnet", "inputSize", "30", "'inputSize' is 30" },
        { "convnet", "inChannels", "0", "'inChannels' is 0" },
        { "convnet", "numClasses", "-10", "'numClasses' is -10" },
        { "convnet", "dropout", "1.5", "'dropout' is 1.5" },
        { "resnet", "inputSize", "1", "'inputSize' is 1" },
        { "resnet", "stages", "null", "'stages' is null" },
        { "resnet", "stages", "[[16],null,[64]]", "'stages[1]' is null" },
        { "resnet", "stages", "[[16],[32]]", "'stages' lists 2 stages" },
        { "resnet", "stages", "[[16],[],[64]]", "'stages[1] (its block count)' is 0" },
        { "resnet", "stages", "[[16],[-4],[64]]", "'stages[1][0]' is -4" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void AnOutOfBoundsOrAbsentSizeIsRefusedNamingTheKey(string network, string key, string value, string problem)
    {
        var path = Crafted(network, a => a[key] = JsonNode.Parse(value));
        foreach (var read in new Action[] { () => ModelCheckpoint.Load(path).Dispose(), () => ModelCheckpoint.ReadArchitecture(path) })
        {
            var e = Assert.Throws<InvalidDataException>(read);
            Assert.Contains(path, e.Message);
            Assert.Contains(problem, e.Message);
        }
    }

    [Fact]
    public void AResNetOfAHundredThousandBlocksIsRefusedAtOnce()
    {
        var path = Crafted("resnet", a => a["stages"] = JsonNode.Parse($"[[{Repeated(16, 100_000)}],[32],[64]]"));
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<InvalidDataException>(() => ModelCheckpoint.Load(path).Dispose());
        Assert.Contains("'stages[0] (its block count)' is 100000", e.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    /// <summary>
    /// Within every bound, yet built it would be 486 blocks of 4096-wide middles (about 9 GB): the header's
    /// shapes are compared with the file's first, so the refusal costs a list.
    /// </summary>
    [Fact]
    public void AnArchitectureWithinBoundsButNotTheFilesIsRefusedBeforeItIsBuilt()
    {
        var wide = Repeated(4096, 162);
        var path = Crafted("resnet", a => a["stages"] = JsonNode.Parse($"[[{wide}],[{wide}],[{wide}]]"));
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<InvalidDataException>(() => ModelCheckpoint.Load(path).Dispose());
        Assert.Contains(path, e.Message);
        Assert.Contains("lacks: 'layer1.3.conv1.weight'", e.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");

        var hidden = Crafted("convnet", a => a["hidden"] = 4000);
        var shape = Assert.Throws<InvalidDataException>(() => ModelCheckpoint.Load(hidden).Dispose());
        Assert.Contains("'classifier.1.weight' has shape [32, 1568] in the file, but the architecture needs [4000, 1568]", shape.Message);
    }
}
