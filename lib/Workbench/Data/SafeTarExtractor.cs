using System.Formats.Tar;
using System.IO.Compression;

namespace Workbench.Data;

/// <summary>
/// Extracts a .tar.gz so that nothing can land outside the target folder and the target
/// appears only when complete. Only directories and regular files are accepted: absolute
/// names, '..' segments and links (symbolic or hard) are rejected, since any of them can
/// point a later write somewhere else. Extraction goes into a temporary folder beside the
/// target (same file system) which is renamed into place at the end, so an interrupted or
/// rejected extraction leaves no half-filled dataset behind.
/// </summary>
public static class SafeTarExtractor
{
    /// <summary>
    /// Extracts <paramref name="archivePath"/> and moves its top-level folder <paramref name="inner"/>
    /// to <paramref name="target"/>. <paramref name="isComplete"/>, when given, checks the extracted
    /// folder before it is moved into place.
    /// </summary>
    public static void ExtractFolderAtomically(string archivePath, string inner, string target, Func<string, bool>? isComplete = null)
    {
        target = Path.GetFullPath(target);
        if (Directory.Exists(target) || File.Exists(target))
            throw new IOException($"{target} already exists; remove it first to extract {archivePath} again");
        var parent = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(parent);
        var temporary = Path.Combine(parent, $".{Path.GetFileName(target)}.extracting-{Guid.NewGuid():N}");
        try
        {
            Extract(archivePath, temporary);
            var extracted = Path.Combine(temporary, inner);
            if (!Directory.Exists(extracted))
                throw BadData.In(archivePath, $"has no top-level folder '{inner}'");
            if (isComplete is not null && !isComplete(extracted))
                throw BadData.In(archivePath, $"folder '{inner}' lacks some of the files it should hold");
            Directory.Move(extracted, target);
        }
        finally
        {
            if (Directory.Exists(temporary)) Directory.Delete(temporary, recursive: true);
        }
    }

    /// <summary>Extracts every entry of a gzip-compressed tar into <paramref name="destination"/>, which is created.</summary>
    public static void Extract(string archivePath, string destination)
    {
        var root = Path.GetFullPath(destination);
        Directory.CreateDirectory(root);
        using var file = File.OpenRead(archivePath);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var counted = new CountingStream(gzip);
        using var reader = new TarReader(counted);
        try
        {
            while (true)
            {
                var before = counted.BytesRead;
                if (reader.GetNextEntry() is not { } entry)
                {
                    // GZipStream ends a cut-off stream quietly, and TarReader then ends as if the archive were
                    // complete; only a complete one ends with the end-of-archive blocks, which take bytes to read.
                    if (counted.BytesRead == before) throw Truncated(archivePath);
                    return;
                }
                ExtractEntry(archivePath, entry, root);
            }
        }
        catch (EndOfStreamException e)
        {
            throw Truncated(archivePath, e);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException && !e.Message.StartsWith(archivePath, StringComparison.Ordinal))
        {
            throw BadData.In(archivePath, $"not a valid tar.gz archive ({e.Message})", e);
        }
    }

    private static InvalidDataException Truncated(string archivePath, Exception? inner = null) =>
        BadData.In(archivePath, "ends before the archive does (no tar end-of-archive blocks): the file is truncated or corrupt; download it again", inner);

    private static void ExtractEntry(string archivePath, TarEntry entry, string root)
    {
        switch (entry.EntryType)
        {
            case TarEntryType.Directory:
                var folder = SafePath(archivePath, entry.Name, root);
                if (File.Exists(Path.TrimEndingDirectorySeparator(folder))) throw AppearsTwice(archivePath, entry, "as a file and as a folder");
                Guarded(archivePath, entry, root, () => Directory.CreateDirectory(folder));
                break;
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                var path = SafePath(archivePath, entry.Name, root);
                if (File.Exists(path) || Directory.Exists(path))
                    throw AppearsTwice(archivePath, entry, Directory.Exists(path) ? "as a folder and as a file" : "as a file twice");
                Guarded(archivePath, entry, root, () => WriteFile(archivePath, entry, path));
                break;
            case TarEntryType.GlobalExtendedAttributes:
                break; // metadata for the entries that follow, nothing to write
            default:
                throw BadData.In(archivePath, $"entry '{entry.Name}' is a {entry.EntryType}{(string.IsNullOrEmpty(entry.LinkName) ? "" : $" to '{entry.LinkName}'")}; only directories and regular files are extracted");
        }
    }

    private static void WriteFile(string archivePath, TarEntry entry, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Copied by hand rather than ExtractToFile: the archive's permission bits are not trusted either.
        using var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        entry.DataStream?.CopyTo(output);
        if (output.Length != entry.Length) throw Truncated(archivePath);
    }

    /// <summary>Runs a write for an entry, turning file-system failures into messages that name the archive and the entry.</summary>
    private static void Guarded(string archivePath, TarEntry entry, string root, Action write)
    {
        try
        {
            write();
        }
        catch (PathTooLongException e)
        {
            // The exception's own message is the whole temporary path, kilobytes long, and names no archive.
            throw BadData.In(archivePath, $"entry '{Shown(entry.Name)}' has a path too long to extract here ({entry.Name.Length} characters)", e);
        }
        catch (IOException e) when (e is not EndOfStreamException)
        {
            // An earlier entry in the way (a file where this one needs a folder), or the disk full: said relative to the archive.
            throw BadData.In(archivePath, $"entry '{Shown(entry.Name)}' could not be extracted: {e.Message.Replace(root + Path.DirectorySeparatorChar, "", StringComparison.Ordinal)}", e);
        }
    }

    private static InvalidDataException AppearsTwice(string archivePath, TarEntry entry, string how) =>
        BadData.In(archivePath, $"entry '{Shown(entry.Name)}' appears more than once ({how}), so which one is meant cannot be told");

    /// <summary>An entry name short enough for a message: a hostile archive's names can be kilobytes long.</summary>
    private static string Shown(string name) => name.Length <= 120 ? name : $"{name[..60]}...{name[^40..]}";

    /// <summary>The full path for an entry name, refusing any name that could leave <paramref name="root"/>.</summary>
    public static string SafePath(string archivePath, string name, string root)
    {
        var segments = name.Split('/', '\\');
        if (name.Length == 0 || name.Contains('\0'))
            throw BadData.In(archivePath, $"entry with an empty or invalid name '{name}'");
        if (name[0] is '/' or '\\' || Path.IsPathRooted(name) || (name.Length > 1 && name[1] == ':'))
            throw BadData.In(archivePath, $"entry '{name}' has an absolute path");
        if (segments.Contains(".."))
            throw BadData.In(archivePath, $"entry '{name}' contains '..' and could escape the target folder");

        // Belt and braces: whatever the checks above missed, the resolved path must stay inside root.
        var full = Path.GetFullPath(Path.Combine(root, name));
        var rootWithSeparator = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
        if (!full.StartsWith(rootWithSeparator, StringComparison.Ordinal) && full != root)
            throw BadData.In(archivePath, $"entry '{name}' resolves to {full}, outside {root}");
        return full;
    }

    /// <summary>Counts the bytes read through it: how far the tar reader got.</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        public long BytesRead { get; private set; }

        public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Counted(inner.Read(buffer));

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Counted(int read)
        {
            BytesRead += read;
            return read;
        }
    }
}
