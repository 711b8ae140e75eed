namespace Workbench;

/// <summary>
/// The ambient "stop what you are doing" signal. The notebook engine sets it for the cell that is
/// running and triggers it on a Jupyter interrupt; the library's long loops (training steps,
/// mask searches) check it, so a long cell stops at the next step without killing the session.
/// User code can call <see cref="ThrowIfRequested"/> in its own loops.
/// </summary>
public static class Interrupt
{
    private static CancellationToken current = CancellationToken.None;

    public static CancellationToken Token => current;

    public static void ThrowIfRequested() => current.ThrowIfCancellationRequested();

    /// <summary>Makes <paramref name="token"/> the ambient signal until the returned scope is disposed.</summary>
    public static IDisposable Use(CancellationToken token)
    {
        var previous = current;
        current = token;
        return new Restore(previous);
    }

    private sealed class Restore(CancellationToken previous) : IDisposable
    {
        public void Dispose() => current = previous;
    }
}
