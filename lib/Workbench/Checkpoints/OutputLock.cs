using System.Globalization;
using System.Text;

namespace Workbench.Checkpoints;

/// <summary>
/// Claims an output for one run, so two runs started with the same output cannot both write it and both
/// report success. The claim is an OS lock (fcntl, through <see cref="FileStream.Lock"/>) on
/// <c>OUTPUT.lock</c> beside the output, holding the owner's pid: the kernel drops it when the process ends,
/// however it ends, so a crash never leaves a stale claim. The file is deleted when the claim is released.
/// </summary>
public sealed class OutputLock : IDisposable
{
    public const string Suffix = ".lock";

    // fcntl locks belong to a process, so a second claim from this process would succeed, and closing any
    // other handle on the file would drop the claim: claims made here are also tracked here.
    private static readonly HashSet<string> HeldHere = new(StringComparer.Ordinal);

    private readonly FileStream stream;
    private readonly string path;

    private OutputLock(FileStream stream, string path) => (this.stream, this.path) = (stream, path);

    public static string PathOf(string output) => Path.GetFullPath(output) + Suffix;

    /// <summary>Claims <paramref name="output"/>, or refuses at once when another run holds it.</summary>
    /// <param name="output">The file the run will write.</param>
    /// <param name="option">The option the output came from, for the message (e.g. "--out").</param>
    /// <exception cref="IOException">Another run (named by pid) holds the output.</exception>
    public static OutputLock Take(string output, string option = "--out")
    {
        var path = PathOf(output);
        lock (HeldHere)
        {
            if (!HeldHere.Add(path)) throw Busy(option, output, Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        }
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            // A few tries: a run that has just claimed the file may not have written its pid yet, and a run that
            // is just releasing it may have unlinked the file this one opened.
            var owner = "";
            for (var attempt = 0; attempt < 20; attempt++)
            {
                var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
                if (TryLock(stream))
                {
                    if (StillLinked(stream)) return Claimed(stream, path);
                    stream.Dispose();
                    continue;
                }
                owner = ReadOwner(stream);
                stream.Dispose();
                if (owner.Length > 0) break;
                Thread.Sleep(50);
            }
            throw Busy(option, output, owner.Length > 0 ? owner : "unknown");
        }
        catch
        {
            lock (HeldHere) HeldHere.Remove(path);
            throw;
        }
    }

    private static bool TryLock(FileStream stream)
    {
        try
        {
            if (OperatingSystem.IsMacOS()) throw new PlatformNotSupportedException("claiming an output needs FileStream.Lock, which .NET does not offer on macOS");
            else stream.Lock(0, 1);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>
    /// Whether the locked file is still linked: a run releasing its claim unlinks the file before it drops the
    /// lock, so a lock won on an unlinked file claims nothing. Linux names an unlinked file's descriptor
    /// "... (deleted)"; elsewhere the check is skipped.
    /// </summary>
    private static bool StillLinked(FileStream stream)
    {
        if (!OperatingSystem.IsLinux()) return true;
        var descriptor = $"/proc/self/fd/{stream.SafeFileHandle.DangerousGetHandle()}";
        return new FileInfo(descriptor).LinkTarget is { } target && !target.EndsWith(" (deleted)", StringComparison.Ordinal);
    }

    private static OutputLock Claimed(FileStream stream, string path)
    {
        stream.SetLength(0);
        stream.Write(Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n"));
        stream.Flush();
        return new OutputLock(stream, path);
    }

    private static string ReadOwner(FileStream stream)
    {
        stream.Position = 0;
        var buffer = new byte[32];
        var count = stream.Read(buffer);
        return Encoding.ASCII.GetString(buffer, 0, count).Trim();
    }

    private static IOException Busy(string option, string output, string pid) =>
        new($"{option} '{output}' is being written by another run (pid {pid}); wait for it to end, or choose another {option}");

    public void Dispose()
    {
        lock (HeldHere)
        {
            if (!HeldHere.Remove(path)) return;
        }
        // Unlinked while still locked, so a run that opened the old file and wins its lock sees it is gone.
        // A file that cannot be deleted is left: it holds no claim once the stream closes.
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        stream.Dispose();
    }
}
