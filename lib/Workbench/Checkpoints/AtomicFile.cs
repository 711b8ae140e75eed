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

    private const int BufferBytes = 64 << 10;

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
            // A buffer under the large-object threshold (85,000 bytes): a 1 MB one went to the large-object heap
            // on every save, which only full collections reclaim, and a run's memory crept up a few MB an epoch.
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: BufferBytes))
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
