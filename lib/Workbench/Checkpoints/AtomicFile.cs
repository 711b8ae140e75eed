namespace Workbench.Checkpoints;

/// <summary>
/// Replaces a file all at once: the content goes to a temporary file in the same folder (so the
/// final rename never crosses file systems), is flushed to disk, and only then renamed over the
/// target. A failure at any point leaves the previous file as it was and removes the temporary one.
/// </summary>
public static class AtomicFile
{
    /// <summary>The temporary files this class writes end with this, for cleanup tools and tests.</summary>
    public const string TempSuffix = ".partial";

    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}{TempSuffix}");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 20))
            {
                write(stream);
                // Flush(true) reaches the disk (fsync); without it a power cut after the rename can leave an empty file.
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void TryDelete(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (IOException)
        {
            // The original error matters more; a leftover temp file is named so it can be found.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
