using System.Globalization;
using System.Text;
using Workbench.Checkpoints;

namespace Workbench.Cli;

/// <summary>What every verb needs to write results and read lists: text written atomically, ratio lists parsed with the option's name.</summary>
internal static class ResultFiles
{
    /// <summary>Writes through the checkpoints' atomic writer, so an interrupted run never leaves half a report.</summary>
    public static void WriteText(string path, string text) =>
        AtomicFile.Write(path, stream => stream.Write(Encoding.UTF8.GetBytes(text)));

    /// <summary>"0,0.1,0.5" → numbers; a part that is not a number is named with its option.</summary>
    public static double[] Numbers(string text, string option) =>
        text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(r => double.TryParse(r, CultureInfo.InvariantCulture, out var v) ? v : throw new ArgumentException($"{option}: '{r}' is not a number"))
            .ToArray();
}
