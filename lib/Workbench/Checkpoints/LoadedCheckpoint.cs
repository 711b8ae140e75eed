using Workbench.Torch;

namespace Workbench.Checkpoints;

/// <summary>
/// The tensors and metadata of a loaded checkpoint. It owns the tensors: disposing it disposes
/// every tensor still in <see cref="Tensors"/>, so remove one from the dictionary to keep it.
/// </summary>
public sealed class LoadedCheckpoint : IDisposable
{
    public Dictionary<string, Tensor> Tensors { get; }
    public Dictionary<string, string> Metadata { get; }

    public LoadedCheckpoint(Dictionary<string, Tensor> tensors, Dictionary<string, string> metadata)
    {
        Tensors = tensors;
        Metadata = metadata;
    }

    public void Deconstruct(out Dictionary<string, Tensor> tensors, out Dictionary<string, string> metadata)
    {
        tensors = Tensors;
        metadata = Metadata;
    }

    public void Dispose()
    {
        foreach (var tensor in Tensors.Values) tensor.Dispose();
        Tensors.Clear();
    }
}
