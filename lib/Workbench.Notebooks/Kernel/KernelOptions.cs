namespace Workbench.Notebooks.Kernel;

/// <summary>How a <see cref="KernelServer"/> presents itself and behaves on a restart request.</summary>
public sealed record KernelOptions
{
    public string Banner { get; init; } = "C# (Workbench): C# script cells over the pruning research workbench";

    /// <summary>The C# language version the cells are compiled with, for language_info.</summary>
    public string LanguageVersion { get; init; } = "14.0";

    /// <summary>
    /// On shutdown_request with restart=true: true disposes the session, makes a fresh one from the factory and
    /// keeps serving; false stops the server like a final shutdown. jupyter_client's KernelManager restarts a
    /// kernel by waiting for its process to exit and launching a new one, so a kernel process should use false.
    /// </summary>
    public bool RestartInProcess { get; init; } = true;

    /// <summary>
    /// The largest incoming message served. A larger one is not copied or parsed: its sender gets an error
    /// reply naming the limit (when its header arrived within it) and the kernel carries on.
    /// </summary>
    public long MaxMessageBytes { get; init; } = 64L << 20;

    /// <summary>Where dropped messages and handler failures are reported (stderr by default; Jupyter shows it in its log).</summary>
    public TextWriter Log { get; init; } = Console.Error;
}
