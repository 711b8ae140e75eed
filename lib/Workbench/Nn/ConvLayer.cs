namespace Workbench.Nn;

/// <summary>What consumes a convolution's output maps.</summary>
public enum ConsumerKind
{
    /// <summary>The next convolution: pruning map j removes its input channel j.</summary>
    Conv,
    /// <summary>The first fully connected layer after flatten: map j owns <see cref="ConvLayer.FeaturesPerMap"/> consecutive inputs.</summary>
    Linear,
    /// <summary>
    /// Tied to other layers' channels: a residual addition (the shortcut and other blocks), or, in any traced network,
    /// more than one producer or reader, or a slice or pad fixed in code. Only group pruning removes such maps.
    /// </summary>
    ResidualAdd,
}

/// <summary>
/// One convolution of a network as the pruning code sees it: the layer, the BatchNorm that
/// normalises its output (if any), and the layer that consumes its maps.
/// </summary>
public sealed record ConvLayer(
    string Name,
    Conv2d Conv,
    BatchNorm2d? Norm,
    ConsumerKind Consumer,
    string? ConsumerName,
    Module? ConsumerModule,
    long FeaturesPerMap = 1);

/// <summary>A network whose convolutions can be enumerated, in order, with their consumers (traced: <see cref="Graph.ConvLayerView"/>).</summary>
public interface IConvNetwork
{
    IReadOnlyList<ConvLayer> ConvLayers();

    /// <summary>The architecture, enough to rebuild this network (pruned or not) from a checkpoint.</summary>
    Architecture Architecture { get; }

    /// <summary>The input shape of one image: [channels, height, width].</summary>
    long[] InputShape { get; }
}
