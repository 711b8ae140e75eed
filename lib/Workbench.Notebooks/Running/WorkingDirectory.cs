namespace Workbench.Notebooks.Running;

/// <summary>
/// The process's working directory set to a notebook's folder while the notebook runs, and put back after.
/// Polyglot Notebooks starts its kernel in the notebook's folder, so its notebooks read <c>data/x.csv</c>
/// beside themselves; Jupyter starts kernels there too. A run is one notebook per process from the CLI, but the
/// working directory is process-wide: in-process callers running notebooks side by side would share it.
/// </summary>
internal sealed class WorkingDirectory : IDisposable
{
    private readonly string previous = Environment.CurrentDirectory;

    private WorkingDirectory(string folder) => Environment.CurrentDirectory = folder;

    public static WorkingDirectory Enter(string folder) => new(folder);

    public void Dispose()
    {
        // The folder the run started in may have been deleted meanwhile; staying in the notebook's is then fine.
        try { Environment.CurrentDirectory = previous; }
        catch (IOException) { }
    }
}
