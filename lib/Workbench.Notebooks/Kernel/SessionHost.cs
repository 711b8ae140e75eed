using Workbench.Notebooks.Execution;

namespace Workbench.Notebooks.Kernel;

/// <summary>
/// Owns the code session. Only the shell thread uses it; the control thread may ask for a restart,
/// which the shell thread carries out before its next message (never under a running cell).
/// </summary>
internal sealed class SessionHost(Func<ICodeSession> factory) : IDisposable
{
    private ICodeSession session = factory();
    private volatile bool restartRequested;

    /// <summary>The inputs run so far; a restart starts a new history session.</summary>
    public KernelHistory History { get; } = new();

    public void RequestRestart() => restartRequested = true;

    /// <summary>The session to run the next request with: a fresh one if a restart was asked for since.</summary>
    public ICodeSession Current
    {
        get
        {
            if (restartRequested)
            {
                restartRequested = false;
                session.Dispose();
                History.StartSession();
                try
                {
                    session = factory();
                }
                catch
                {
                    // No usable session now; the next request tries again (and reports this failure if it recurs).
                    restartRequested = true;
                    throw;
                }
            }
            return session;
        }
    }

    public void Dispose() => session.Dispose();
}
