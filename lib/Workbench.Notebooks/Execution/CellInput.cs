namespace Workbench.Notebooks.Execution;

/// <summary>
/// Input for a running cell: <c>Console.ReadLine()</c> (through a reader installed as Console.In, routed
/// like <see cref="ConsoleRouting"/> routes writes) and <c>Kernel.GetInputAsync</c> ask the cell's output
/// sink, which in the kernel sends input_request to the front end. What the cell wrote before asking goes
/// out first, so a prompt written with Console.Write shows above the input box. Outside any cell, reads go
/// to the console reader that was installed before.
/// </summary>
public static class CellInput
{
    private static readonly Lock Gate = new();
    private static TextReader? installed;

    /// <summary>Asks the running cell's front end for a line; throws <see cref="StdinNotImplementedException"/> when none can answer.</summary>
    public static string Read(string prompt, bool password)
    {
        if (ConsoleRouting.Streams is not { } streams)
            throw new StdinNotImplementedException("input was asked for outside a running cell, where no front end can answer");
        streams.Flush();
        // Asked outside the streams' lock: the wait is the user's typing, and the cell's other threads may write meanwhile.
        if (streams.Sink is not { } sink)
            throw new StdinNotImplementedException("input was asked for after the cell ended, when no front end can answer");
        return sink.ReadInput(prompt, password);
    }

    /// <summary>Installs the routing reader as Console.In, again if someone replaced it: what they installed becomes the fallback.</summary>
    internal static void EnsureInstalled()
    {
        lock (Gate)
        {
            if (ReferenceEquals(Console.In, installed)) return;
            Console.SetIn(new RoutedReader(Console.In));
            installed = Console.In;
        }
    }

    private sealed class RoutedReader(TextReader fallback) : TextReader
    {
        // Character reads take a line from the front end and hand it out a character at a time, as a terminal would.
        private string pending = "";

        public override string? ReadLine() => ConsoleRouting.Streams is { Sink: not null } ? CellInput.Read("", false) : fallback.ReadLine();

        public override int Read()
        {
            if (ConsoleRouting.Streams is not { Sink: not null }) return fallback.Read();
            if (pending.Length == 0) pending = CellInput.Read("", false) + "\n";
            var next = pending[0];
            pending = pending[1..];
            return next;
        }

        public override int Peek() => ConsoleRouting.Streams is { Sink: not null } ? (pending.Length > 0 ? pending[0] : -1) : fallback.Peek();
    }
}
