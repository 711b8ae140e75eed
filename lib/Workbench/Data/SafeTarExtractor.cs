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
        using var reader = new TarReader(gzip);
        try
        {
            while (reader.GetNextEntry() is { } entry)
                ExtractEntry(archivePath, entry, root);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException && !e.Message.StartsWith(archivePath, StringComparison.Ordinal))
        {
            throw BadData.In(archivePath, $"not a valid tar.gz archive ({e.Message})", e);
        }
    }

    private static void ExtractEntry(string archivePath, TarEntry entry, string root)
    {
        switch (entry.EntryType)
        {
            case TarEntryType.Directory:
                Directory.CreateDirectory(SafePath(archivePath, entry.Name, root));
                break;
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                var path = SafePath(archivePath, entry.Name, root);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                // Copied by hand rather than ExtractToFile: the archive's permission bits are not trusted either.
                using (var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
                    entry.DataStream?.CopyTo(output);
                break;
            case TarEntryType.GlobalExtendedAttributes:
                break; // metadata for the entries that follow, nothing to write
            default:
                throw BadData.In(archivePath, $"entry '{entry.Name}' is a {entry.EntryType}{(string.IsNullOrEmpty(entry.LinkName) ? "" : $" to '{entry.LinkName}'")}; only directories and regular files are extracted");
        }
    }

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
}
