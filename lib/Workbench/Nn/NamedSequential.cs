using Workbench.Torch;

namespace Workbench.Nn;

/// <summary>
/// Runs its children in order under names the caller gives, as an nn.Sequential built from an OrderedDict
/// (torchvision's DenseNet names its stem <c>conv0</c>, <c>norm0</c>, ...), so state-dict keys match.
/// </summary>
public sealed class NamedSequential : Module
{
    private readonly List<Module> layers = [];

    public NamedSequential Add(string name, Module module)
    {
        RegisterModule(name, module);
        layers.Add(module);
        return this;
    }

    public IReadOnlyList<Module> Layers => layers;

    protected override Tensor Compute(Tensor input) => Sequential.Chain(layers, input);

    public override string Describe() => $"NamedSequential({string.Join(", ", NamedChildren().Select(c => $"{c.Name}: {c.Module.Describe()}"))})";
}
