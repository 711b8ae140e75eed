using System.Collections.Concurrent;

namespace Workbench.Notebooks.Execution;

/// <summary>
/// The one thread a session's cells run on, as a Python kernel runs cells on its main thread: thread-static
/// state set by one cell (a <see cref="Workbench.Torch.DisposeScope"/>, libtorch's grad mode) is there in the
/// next. A cell that ignores an interrupt keeps the thread, so later work queues behind it.
/// </summary>
internal sealed class CellThread : IDisposable
{
    // Roslyn compiles on this thread too and recurses deeply on long expressions: give it a large stack.
    private const int StackSize = 16 * 1024 * 1024;
    private readonly BlockingCollection<Action> work = new();

    public CellThread(string name, Action onStart)
    {
        var thread = new Thread(() =>
        {
            onStart();
            foreach (var item in work.GetConsumingEnumerable()) item();
        }, StackSize)
        {
            // A cell still running when the process ends (a runaway loop after a timeout) must not keep it alive.
            IsBackground = true,
            Name = name,
        };
        thread.Start();
    }

    /// <summary>Runs <paramref name="body"/> on the thread after the work queued before it.</summary>
    public Task<T> Run<T>(Func<T> body)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        ObjectDisposedException.ThrowIf(work.IsAddingCompleted, typeof(CSharpSession));
        work.Add(() =>
        {
            try
            {
                done.SetResult(body());
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        });
        return done.Task;
    }

    /// <summary>Lets the thread end once the work already queued is done.</summary>
    public void Dispose() => work.CompleteAdding();
}
