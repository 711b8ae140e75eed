using System.Text;

namespace Workbench.Tests.Notebooks.Kernel;

/// <summary>A thread-safe in-memory log, to check what the kernel reported about messages it dropped.</summary>
public sealed class LogCapture : TextWriter
{
    private readonly StringBuilder text = new();
    private readonly Lock gate = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (gate) text.Append(value);
    }

    public override void Write(string? value)
    {
        lock (gate) text.Append(value);
    }

    public override string ToString()
    {
        lock (gate) return text.ToString();
    }
}
