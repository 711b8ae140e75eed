namespace Workbench.Nn;

/// <summary>
/// The state tensors (names and shapes) a network of an architecture has, worked out from the description
/// alone. A loader compares them with a file's tensors before building anything, so a header that does not
/// describe its own tensors costs a list, not the gigabytes of the network it claims.
/// </summary>
public static class ArchitectureState
{
    /// <returns>null for an architecture whose widths the state itself gives (<see cref="Architecture.WidthsFromState"/>): its
    /// size before pruning is bounded by its own checks, and the loader fits the built network to the file's shapes.</returns>
    public static IReadOnlyList<(string Name, long[] Shape)>? Shapes(Architecture architecture) => architecture switch
    {
        ConvNetArchitecture convNet => ConvNet(convNet),
        ResNetArchitecture resNet => ResNet(resNet),
        { WidthsFromState: true } => null,
        _ => throw new ArgumentException($"no state layout is known for {architecture.GetType().Name}", nameof(architecture)),
    };

    // Indices follow Models.ConvNet's Sequentials: conv, [batch norm], ReLU, [pool after convs 1 and 3].
    private static List<(string, long[])> ConvNet(ConvNetArchitecture a)
    {
        var shapes = new List<(string, long[])>();
        long inChannels = a.InChannels;
        var index = 0;
        for (int i = 0; i < 6; i++)
        {
            long c = a.Channels[i];
            shapes.Add(($"features.{index}.weight", [c, inChannels, 3, 3]));
            shapes.Add(($"features.{index}.bias", [c]));
            index++;
            if (a.BatchNorm) BatchNorm(shapes, $"features.{index++}", c);
            index++;
            if (i is 1 or 3) index++;
            inChannels = c;
        }
        long side = a.InputSize / 4;
        var dropout = a.Dropout > 0;
        var first = dropout ? 2 : 1;
        var second = first + (dropout ? 3 : 2);
        shapes.Add(($"classifier.{first}.weight", [a.Hidden, inChannels * side * side]));
        shapes.Add(($"classifier.{first}.bias", [a.Hidden]));
        shapes.Add(($"classifier.{second}.weight", [a.NumClasses, a.Hidden]));
        shapes.Add(($"classifier.{second}.bias", [a.NumClasses]));
        return shapes;
    }

    private static List<(string, long[])> ResNet(ResNetArchitecture a)
    {
        var shapes = new List<(string, long[])> { ("conv1.weight", [16, a.InChannels, 3, 3]) };
        BatchNorm(shapes, "bn1", 16);
        long inChannels = 16;
        for (int s = 0; s < 3; s++)
        {
            long width = Models.ResNetCifar.StageWidths[s];
            for (int b = 0; b < a.Stages[s].Length; b++)
            {
                long mid = a.Stages[s][b];
                var block = $"layer{s + 1}.{b}";
                shapes.Add(($"{block}.conv1.weight", [mid, inChannels, 3, 3]));
                BatchNorm(shapes, $"{block}.bn1", mid);
                shapes.Add(($"{block}.conv2.weight", [width, mid, 3, 3]));
                BatchNorm(shapes, $"{block}.bn2", width);
                inChannels = width;
            }
        }
        shapes.Add(("linear.weight", [a.NumClasses, 64]));
        shapes.Add(("linear.bias", [a.NumClasses]));
        return shapes;
    }

    private static void BatchNorm(List<(string, long[])> shapes, string name, long features)
    {
        foreach (var part in new[] { "weight", "bias", "running_mean", "running_var" }) shapes.Add(($"{name}.{part}", [features]));
        shapes.Add(($"{name}.num_batches_tracked", []));
    }
}
