using System.Text;

namespace Workbench.Notebooks.Execution;

/// <summary>
/// A session's stdout and stderr: text written while a cell runs goes to that cell's sink, line by line
/// (a partial line waits for its newline, a flush, or the end of the cell) so a kernel publishes whole
/// lines rather than one message per Write call. Thread-safe: cell code may write from any thread.
/// Sinks are called under this object's lock from the writing thread, so a sink must not write to the Console itself.
/// </summary>
internal sealed class CellStreams
{
    private readonly object gate = new();
    private readonly StringBuilder stdout = new(), stderr = new();
    private IOutputSink? sink;

    /// <summary>The sink of the running cell; null between cells (writes then go to the process console, displays are dropped).</summary>
    public IOutputSink? Sink
    {
        get { lock (gate) return sink; }
    }

    public void Begin(IOutputSink output)
    {
        lock (gate) sink = output;
    }

    /// <summary>Flushes what is buffered to the cell's sink and detaches it.</summary>
    public void End()
    {
        lock (gate)
        {
            Flush();
            sink = null;
        }
    }

    /// <summary>Buffers <paramref name="text"/>; false when no cell is running, so the caller writes it elsewhere.</summary>
    public bool Write(string name, string text)
    {
        lock (gate)
        {
            if (sink is null) return false;
            var (buffer, other, otherName) = name == "stderr" ? (stderr, stdout, "stdout") : (stdout, stderr, "stderr");
            // A partial line of the other stream goes out first, so stdout and stderr keep their order.
            if (other.Length > 0)
            {
                sink.Stream(otherName, other.ToString());
                other.Clear();
            }
            buffer.Append(text);
            var lastNewline = LastNewline(buffer);
            if (lastNewline >= 0)
            {
                var lines = buffer.ToString(0, lastNewline + 1);
                buffer.Remove(0, lastNewline + 1);
                sink.Stream(name, lines);
            }
            return true;
        }
    }

    /// <summary>Shows a display_data after the text written before it; dropped when no cell is running.</summary>
    public void Display(MimeBundle bundle, string displayId)
    {
        lock (gate)
        {
            Flush();
            sink?.Display(bundle, displayId);
        }
    }

    public void Update(MimeBundle bundle, string displayId)
    {
        lock (gate)
        {
            Flush();
            sink?.UpdateDisplay(bundle, displayId);
        }
    }

    public void Flush()
    {
        lock (gate)
        {
            if (sink is null) return;
            if (stdout.Length > 0) sink.Stream("stdout", stdout.ToString());
            if (stderr.Length > 0) sink.Stream("stderr", stderr.ToString());
            stdout.Clear();
            stderr.Clear();
        }
    }

    private static int LastNewline(StringBuilder buffer)
    {
        for (int i = buffer.Length - 1; i >= 0; i--)
            if (buffer[i] == '\n') return i;
        return -1;
    }
}
