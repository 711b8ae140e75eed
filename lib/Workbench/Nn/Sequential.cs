using Workbench.Torch;

namespace Workbench.Nn;

/// <summary>Runs its children in order; they are named "0", "1", ... as in PyTorch.</summary>
public sealed class Sequential : Module
{
    private readonly List<Module> layers = [];

    public Sequential(params Module[] modules)
    {
        foreach (var m in modules) Add(m);
    }

    public Sequential Add(Module module)
    {
        RegisterModule(layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), module);
        layers.Add(module);
        return this;
    }

    public int Count => layers.Count;

    public Module this[int index] => layers[index];

    public IReadOnlyList<Module> Layers => layers;

    /// <summary>Replaces layer <paramref name="index"/>; the old module is returned, not disposed.</summary>
    public Module Replace(int index, Module module)
    {
        ReplaceModule(index.ToString(System.Globalization.CultureInfo.InvariantCulture), module);
        var old = layers[index];
        layers[index] = module;
        return old;
    }

    protected override Tensor Compute(Tensor input) => Chain(layers, input);

    /// <summary>Runs <paramref name="layers"/> in order, freeing each intermediate activation once the next layer has consumed it.</summary>
    internal static Tensor Chain(IReadOnlyList<Module> layers, Tensor input)
    {
        var x = input;
        foreach (var layer in layers)
        {
            var next = layer.Forward(x);
            if (!ReferenceEquals(x, input)) x.Dispose();
            x = next;
        }
        return ReferenceEquals(x, input) ? x.Alias() : x;
    }

    public override string Describe() => $"Sequential({string.Join(", ", layers.Select(l => l.Describe()))})";
}
