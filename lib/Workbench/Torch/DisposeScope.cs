namespace Workbench.Torch;

/// <summary>
/// Disposes every tensor created on this thread while it is the innermost scope, except those
/// explicitly kept. A training step written naturally inside <c>using var scope = DisposeScope.Enter();</c>
/// therefore frees its activations, gradients handles and temporaries when the step ends.
/// </summary>
public sealed class DisposeScope : IDisposable
{
    [ThreadStatic] private static DisposeScope? current;

    private readonly DisposeScope? parent;
    private readonly HashSet<Tensor> owned = new(ReferenceEqualityComparer.Instance);
    private bool disposed;

    private DisposeScope(DisposeScope? parent) => this.parent = parent;

    /// <summary>The innermost open scope on this thread, if any.</summary>
    public static DisposeScope? Current => current;

    /// <summary>Opens a scope nested in the current one.</summary>
    public static DisposeScope Enter() => current = new DisposeScope(current);

    /// <summary>Number of tensors this scope will dispose.</summary>
    public int Count => owned.Count;

    internal void Register(Tensor tensor)
    {
        owned.Add(tensor);
        tensor.Scope = this;
    }

    internal void Forget(Tensor tensor)
    {
        owned.Remove(tensor);
        tensor.Scope = null;
    }

    /// <summary>
    /// Keeps <paramref name="tensor"/> alive past this scope: it moves to the enclosing scope,
    /// or, when there is none, to the caller, who then owns it.
    /// </summary>
    public Tensor Keep(Tensor tensor)
    {
        if (tensor.Scope != this) return tensor;
        Forget(tensor);
        parent?.Register(tensor);
        return tensor;
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        foreach (var tensor in owned)
        {
            tensor.Scope = null;
            tensor.Dispose();
        }
        owned.Clear();
        if (current == this) current = parent;
        else throw new InvalidOperationException("dispose scopes must be closed innermost first (a scope was disposed while a nested one was still open)");
    }
}
