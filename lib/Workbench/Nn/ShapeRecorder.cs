using Workbench.Torch;

namespace Workbench.Nn;

/// <summary>
/// A thread-local hook that the counted layers (Conv2d, Linear) report their outputs to while
/// one is active; ModelStats uses it to learn output sizes without a module-hook system.
/// </summary>
internal sealed class ShapeRecorder : IDisposable
{
    [ThreadStatic] private static ShapeRecorder? current;
    private readonly Action<Module, Tensor> record;
    private readonly ShapeRecorder? previous;

    private ShapeRecorder(Action<Module, Tensor> record)
    {
        this.record = record;
        previous = current;
        current = this;
    }

    public static ShapeRecorder Start(Action<Module, Tensor> record) => new(record);

    public static Tensor Report(Module module, Tensor output)
    {
        current?.record(module, output);
        return output;
    }

    public void Dispose() => current = previous;
}
