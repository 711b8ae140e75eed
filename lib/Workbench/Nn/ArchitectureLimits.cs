namespace Workbench.Nn;

/// <summary>
/// The sizes an architecture read from a file may have. A checkpoint's header is untrusted text: a width
/// of 300,000 or a ResNet of 100,000 blocks would make building the network allocate gigabytes before its
/// tensors could be compared, and a negative input size builds (a squared side is positive) and fails only
/// at the first forward pass. Every size is bounded here, and every message names the JSON key at fault.
/// </summary>
public static class ArchitectureLimits
{
    /// <summary>Twice the widest layer the CLI builds (width 8 × 256 maps).</summary>
    public const int MaxLayerWidth = 4096;
    public const int MaxInChannels = 64;
    /// <summary>Four is the least side two 2×2 pools (or two stride-2 stages) leave a pixel of.</summary>
    public const int MinInputSize = 4;
    public const int MaxInputSize = 1024;
    public const int MaxClasses = 100_000;
    /// <summary>Nine times ResNet-110's 18 blocks per stage.</summary>
    public const int MaxBlocksPerStage = 162;

    /// <exception cref="ArgumentException">A size is out of bounds or absent; the message names its key.</exception>
    public static void Check(Architecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        InRange("inChannels", architecture.InChannels, 1, MaxInChannels);
        InRange("inputSize", architecture.InputSize, MinInputSize, MaxInputSize);
        InRange("numClasses", architecture.NumClasses, 1, MaxClasses);
        switch (architecture)
        {
            case ConvNetArchitecture convNet: CheckConvNet(convNet); break;
            case ResNetArchitecture resNet: CheckResNet(resNet); break;
            case ZooArchitecture zoo: zoo.Validate(); break;
        }
    }

    private static void CheckConvNet(ConvNetArchitecture a)
    {
        if (a.InputSize % 4 != 0) throw new ArgumentException($"'inputSize' is {a.InputSize}; a ConvNet's must be divisible by 4 (two 2×2 pools)");
        if (a.Channels is null) throw new ArgumentException("'channels' is null; a ConvNet lists its 6 conv widths");
        if (a.Channels.Length != 6) throw new ArgumentException($"'channels' lists {a.Channels.Length} widths; a ConvNet has 6 convs");
        for (int i = 0; i < a.Channels.Length; i++) InRange($"channels[{i}]", a.Channels[i], 1, MaxLayerWidth);
        InRange("hidden", a.Hidden, 1, MaxLayerWidth);
        if (!(a.Dropout >= 0 && a.Dropout < 1)) throw new ArgumentException($"'dropout' is {a.Dropout}; it must be in [0, 1)");
    }

    private static void CheckResNet(ResNetArchitecture a)
    {
        if (a.Stages is null) throw new ArgumentException("'stages' is null; a CIFAR ResNet lists the blocks of its 3 stages");
        if (a.Stages.Length != 3) throw new ArgumentException($"'stages' lists {a.Stages.Length} stages; a CIFAR ResNet has 3");
        for (int s = 0; s < 3; s++)
        {
            var blocks = a.Stages[s] ?? throw new ArgumentException($"'stages[{s}]' is null; a stage lists its blocks' widths");
            InRange($"stages[{s}] (its block count)", blocks.Length, 1, MaxBlocksPerStage);
            for (int b = 0; b < blocks.Length; b++) InRange($"stages[{s}][{b}]", blocks[b], 1, MaxLayerWidth);
        }
    }

    private static void InRange(string key, int value, int min, int max)
    {
        if (value < min || value > max) throw new ArgumentException($"'{key}' is {value}; it must be between {min} and {max}");
    }
}
