using System.Text;

namespace Workbench.Notebooks.Execution;

/// <summary>
/// Console.Out and Console.Error are process-wide, but several sessions (and the host) share a process.
/// A forwarding writer is installed once; writes made from a session's cell thread, or from any task or
/// thread started there (the execution context flows), reach that session's <see cref="CellStreams"/>.
/// Every other write goes to the writer that was installed before, unchanged.
/// </summary>
internal static class ConsoleRouting
{
    private static readonly AsyncLocal<CellStreams?> Current = new();
    private static readonly object Gate = new();
    private static TextWriter? installedOut, installedError;

    /// <summary>Routes this execution context's console writes to <paramref name="streams"/>.</summary>
    public static void RouteTo(CellStreams streams) => Current.Value = streams;

    /// <summary>The streams this execution context writes to; null outside every session's cells.</summary>
    public static CellStreams? Streams => Current.Value;

    /// <summary>
    /// Installs the forwarding writers, again if someone (a test capturing output, a CLI) replaced them:
    /// what they installed becomes the fallback.
    /// </summary>
    public static void EnsureInstalled()
    {
        lock (Gate)
        {
            if (!ReferenceEquals(Console.Out, installedOut))
            {
                Console.SetOut(new RoutedWriter("stdout", Console.Out));
                installedOut = Console.Out;
            }
            if (!ReferenceEquals(Console.Error, installedError))
            {
                Console.SetError(new RoutedWriter("stderr", Console.Error));
                installedError = Console.Error;
            }
        }
    }

    private sealed class RoutedWriter(string name, TextWriter fallback) : TextWriter
    {
        public override Encoding Encoding => fallback.Encoding;

        public override void Write(char value) => Write(value.ToString());

        public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

        public override void Write(string? value)
        {
            if (string.IsNullOrEmpty(value)) return;
            if (Current.Value?.Write(name, value) != true) fallback.Write(value);
        }

        public override void Flush()
        {
            if (Current.Value is { Sink: not null } streams) streams.Flush();
            else fallback.Flush();
        }
    }
}
