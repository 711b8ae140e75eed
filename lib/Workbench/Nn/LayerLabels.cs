using Workbench.Nn.Models;

namespace Workbench.Nn;

/// <summary>
/// The names a reader knows a layer by. In the coarse-pruning ConvNet the paper counts layers, so its
/// convolutions are conv1…conv6 and its fully connected layers fc1, fc2, where the module paths
/// (features.10, classifier.1) only say where they sit in a PyTorch Sequential. A ResNet's paths
/// (layer2.1.conv1) already name stage, block and layer, so they stay.
/// </summary>
public static class LayerLabels
{
    /// <summary>Module path → label, for every conv and linear layer of <paramref name="model"/>.</summary>
    public static IReadOnlyDictionary<string, string> Of(Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var layers = model.NamedModules().Where(m => m.Module is Conv2d or Linear).ToList();
        if (model is not ConvNet) return layers.ToDictionary(m => m.Name, m => m.Name);
        int convs = 0, linears = 0;
        return layers.ToDictionary(m => m.Name, m => m.Module is Conv2d ? $"conv{++convs}" : $"fc{++linears}");
    }

    /// <summary>The label of the layer at <paramref name="path"/>, or the path itself when it names no conv or linear layer.</summary>
    public static string Label(Module model, string path) => Of(model).GetValueOrDefault(path, path);
}
