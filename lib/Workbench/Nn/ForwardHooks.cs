using Workbench.Torch;

namespace Workbench.Nn;

/// <summary>
/// Observes module outputs while active: <c>using (ForwardHooks.Observe((module, output) => ...))</c>
/// sees every module's output on this thread, as PyTorch's forward hooks do. The counter of MACs
/// and the capture of features for CKA are built on it. The output belongs to the forward pass:
/// clone it to keep it.
/// </summary>
public sealed class ForwardHooks : IDisposable
{
    [ThreadStatic] private static ForwardHooks? current;
    private readonly Action<Module, Tensor> observer;
    private readonly ForwardHooks? previous;

    private ForwardHooks(Action<Module, Tensor> observer)
    {
        this.observer = observer;
        previous = current;
        current = this;
    }

    public static ForwardHooks Observe(Action<Module, Tensor> observer) => new(observer);

    internal static void Notify(Module module, Tensor output)
    {
        for (var hook = current; hook is not null; hook = hook.previous) hook.observer(module, output);
    }

    public void Dispose()
    {
        if (current != this) throw new InvalidOperationException("forward hooks must be disposed innermost first");
        current = previous;
    }
}
