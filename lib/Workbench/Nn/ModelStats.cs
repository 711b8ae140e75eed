using Workbench.Torch;

namespace Workbench.Nn;

/// <summary>Parameters and multiply-accumulates of one layer for one input image.</summary>
public sealed record LayerStats(string Name, string Kind, long[] OutputShape, long Parameters, long Macs)
{
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Name} {Kind} → [{string.Join(", ", OutputShape)}]: {Parameters:N0} parameters, {Macs:N0} MACs");
}

/// <summary>
/// Counts parameters and MACs per layer and in total. MACs count the convolutions and fully
/// connected layers (what the ResNet papers' figures count); BatchNorm, activations, pooling and
/// additions are not counted. Output sizes come from one forward pass on a zero image; the counts
/// themselves come from the layers' shapes, never from values.
/// </summary>
public sealed class ModelStats
{
    public IReadOnlyList<LayerStats> Layers { get; }
    public long TotalParameters { get; }
    public long TotalMacs => Layers.Sum(l => l.Macs);

    private ModelStats(IReadOnlyList<LayerStats> layers, long totalParameters) => (Layers, TotalParameters) = (layers, totalParameters);

    /// <summary>Counts <paramref name="model"/> for one input of shape [channels, height, width].</summary>
    public static ModelStats Count(Module model, long[] inputShape)
    {
        var names = new Dictionary<Module, string>(ReferenceEqualityComparer.Instance);
        foreach (var (name, module) in model.NamedModules()) names[module] = name;
        var layers = new List<LayerStats>();
        using (new InferenceMode(model))
        {
            using var recorder = ForwardHooks.Observe((module, output) =>
            {
                if (module is not (Conv2d or Linear) || !names.TryGetValue(module, out var name)) return;
                var shape = output.Shape;
                var (kind, macs) = module switch
                {
                    Conv2d c => ("Conv2d", c.Macs(shape[2], shape[3])),
                    Linear l => ("Linear", l.Macs),
                    _ => throw new InvalidOperationException("unreachable: only Conv2d and Linear are counted"),
                };
                layers.Add(new LayerStats(name, kind, shape[1..], Own(module), macs));
            });
            using var scope = DisposeScope.Enter();
            model.Forward(Tensor.Zeros([1, .. inputShape], device: model.Device));
        }
        var total = model.Parameters().Sum(p => p.NumEl);
        return new ModelStats(layers, total);
    }

    private static long Own(Module m) => m.NamedParameters().Where(p => !p.Name.Contains('.')).Sum(p => p.Tensor.NumEl);
}
