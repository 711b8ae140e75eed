using System.Text.Json;
using System.Text.Json.Serialization;

namespace Workbench.Nn;

/// <summary>
/// What a network is, in enough detail to rebuild it: stored in checkpoints so a pruned,
/// compacted network loads by itself without replaying its pruning.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "model")]
[JsonDerivedType(typeof(ConvNetArchitecture), "convnet")]
[JsonDerivedType(typeof(ResNetArchitecture), "resnet")]
[JsonDerivedType(typeof(ZooArchitecture), "zoo")]
public abstract record Architecture
{
    public int InChannels { get; init; }
    public int InputSize { get; init; }
    public int NumClasses { get; init; } = 10;

    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    public static Architecture FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<Architecture>(json, Options) ?? throw new JsonException("empty architecture");
        }
        // An object with no "model" discriminator reaches the abstract record, which cannot be created.
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            throw new ArgumentException($"not a workbench architecture description: {e.Message}", nameof(json), e);
        }
    }

    /// <summary>
    /// True when the description names the network but not its widths after pruning: a loader builds it as described,
    /// then gives its layers the saved state's shapes (<see cref="Graph.SavedWidths"/>).
    /// </summary>
    public virtual bool WidthsFromState => false;

    /// <summary>Builds a freshly initialised network of this architecture.</summary>
    public abstract Module Build();
}

/// <summary>The coarse-pruning paper's network: six 3×3 convs (two pools between pairs), a hidden FC, a classifier.</summary>
public sealed record ConvNetArchitecture : Architecture
{
    /// <summary>Output maps of the six convolutions (128, 128, 128, 128, 256, 256 at width 1).</summary>
    public int[] Channels { get; init; } = [128, 128, 128, 128, 256, 256];
    public int Hidden { get; init; } = 256;
    public bool BatchNorm { get; init; } = true;
    public double Dropout { get; init; }

    public override Module Build() => new Models.ConvNet(this);

    public bool Equals(ConvNetArchitecture? other) =>
        other is not null && base.Equals(other) && Channels.SequenceEqual(other.Channels) && Hidden == other.Hidden
        && BatchNorm == other.BatchNorm && Dropout == other.Dropout;

    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Channels.Length, Hidden, BatchNorm);
}

/// <summary>A CIFAR ResNet: three stages of 16, 32, 64 channels; per block, conv1's output width.</summary>
public sealed record ResNetArchitecture : Architecture
{
    /// <summary>Depth as built (6n+2); informational once blocks are removed.</summary>
    public int Depth { get; init; }

    /// <summary>For each stage, the middle width of each remaining block.</summary>
    public int[][] Stages { get; init; } = [];

    public override Module Build() => new Models.ResNetCifar(this);

    public bool Equals(ResNetArchitecture? other) =>
        other is not null && base.Equals(other) && Depth == other.Depth && Stages.Length == other.Stages.Length
        && Stages.Zip(other.Stages).All(p => p.First.SequenceEqual(p.Second));

    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Depth, Stages.Length);
}
