using Workbench.Nn;
using Workbench.Torch;

namespace Workbench.Checkpoints;

/// <summary>
/// A network rebuilt from a model checkpoint, with everything else the file held. It owns the
/// model and the tensors still in <see cref="Extra"/>: disposing it disposes them, so remove a
/// tensor from <see cref="Extra"/> to keep it. None of them is in any dispose scope.
/// </summary>
public sealed class LoadedModel : IDisposable
{
    /// <summary>The network, in training mode as a freshly built one is; it implements <see cref="IConvNetwork"/>.</summary>
    public Module Model { get; }

    /// <summary>The architecture stored in the file, from which <see cref="Model"/> was built.</summary>
    public Architecture Architecture { get; }

    /// <summary>All of the file's metadata: the caller's entries and the <c>workbench.*</c> ones.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Every tensor of the file that is not part of the model's state (optimizer state, masks, ...).</summary>
    public Dictionary<string, Tensor> Extra { get; }

    public LoadedModel(Module model, Architecture architecture, IReadOnlyDictionary<string, string> metadata, Dictionary<string, Tensor> extra)
    {
        Model = model;
        Architecture = architecture;
        Metadata = metadata;
        Extra = extra;
    }

    /// <summary>The model as the network interface the pruning code works with.</summary>
    public IConvNetwork Network => (IConvNetwork)Model;

    public void Dispose()
    {
        Model.Dispose();
        foreach (var tensor in Extra.Values) tensor.Dispose();
        Extra.Clear();
    }
}
