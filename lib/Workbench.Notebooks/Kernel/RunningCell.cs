namespace Workbench.Notebooks.Kernel;

/// <summary>
/// The cancellation of the cell now running, shared by the shell thread (which starts and ends cells)
/// and the control thread (which interrupts them). The lock keeps an interrupt from touching a
/// cancellation source that the shell thread is disposing.
/// </summary>
internal sealed class RunningCell
{
    private readonly Lock gate = new();
    private CancellationTokenSource? current;

    public CancellationToken Begin()
    {
        lock (gate)
        {
            current = new CancellationTokenSource();
            return current.Token;
        }
    }

    /// <summary>The running cell's cancellation; none between cells.</summary>
    public CancellationToken Token
    {
        get
        {
            lock (gate) return current?.Token ?? CancellationToken.None;
        }
    }

    public void End()
    {
        lock (gate)
        {
            current?.Dispose();
            current = null;
        }
    }

    /// <summary>Cancels the running cell, if any; true when there was one.</summary>
    public bool Interrupt()
    {
        lock (gate)
        {
            if (current is null) return false;
            current.Cancel();
            return true;
        }
    }
}
