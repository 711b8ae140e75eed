namespace Workbench.Torch;

/// <summary>
/// One observer of type <typeparamref name="T"/> per thread, set for the span of a using block and put back after:
/// how the tensor and module tapes stay out of every other thread's way and nest.
/// </summary>
internal static class ThreadSlot<T> where T : class
{
    [ThreadStatic] private static T? current;

    public static T? Current => current;

    public static IDisposable Set(T value)
    {
        var previous = current;
        current = value;
        return new Restore(previous);
    }

    private sealed class Restore(T? previous) : IDisposable
    {
        public void Dispose() => current = previous;
    }
}
