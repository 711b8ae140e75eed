using System.Formats.Tar;
using Workbench.Data;

namespace Workbench.Tests.Data;

/// <summary>Extraction stays inside its folder, refuses links, and appears whole or not at all.</summary>
public class SafeTarExtractorTests
{
    [Fact]
    public void GoodArchiveAppearsAtTheTargetAndLeavesNoTemporaryFolder()
    {
        using var folder = new TempFolder();
        var archive = folder["good.tar.gz"];
        DataFiles.TarGz(archive,
            DataFiles.DirectoryEntry("pack/"),
            DataFiles.FileEntry("pack/a.bin", [1, 2, 3]),
            DataFiles.FileEntry("pack/sub/b.txt", "hello"u8.ToArray()),
            DataFiles.FileEntry("README", [9]));
        var target = folder["out/pack"];

        SafeTarExtractor.ExtractFolderAtomically(archive, "pack", target);

        Assert.Equal([1, 2, 3], File.ReadAllBytes(Path.Combine(target, "a.bin")));
        Assert.Equal("hello", File.ReadAllText(Path.Combine(target, "sub", "b.txt")));
        Assert.Equal([target], Directory.GetFileSystemEntries(folder["out"])); // only the target, no temporary left
    }

    public static TheoryData<string, string> Escapes => new()
    {
        { "../evil", "contains '..'" },
        { "pack/../../evil", "contains '..'" },
        { "pack\\..\\..\\evil", "contains '..'" },
        { "/tmp/evil-absolute-" + Guid.NewGuid().ToString("N"), "absolute path" },
    };

    [Theory]
    [MemberData(nameof(Escapes))]
    public void EntriesThatWouldEscapeAreRejectedAndNothingIsWritten(string name, string reason)
    {
        using var folder = new TempFolder();
        var archive = folder["evil.tar.gz"];
        DataFiles.TarGz(archive, DataFiles.FileEntry("pack/ok.bin", [1]), DataFiles.FileEntry(name, [6, 6, 6]));
        var target = folder["out/pack"];

        var e = Assert.Throws<InvalidDataException>(() => SafeTarExtractor.ExtractFolderAtomically(archive, "pack", target));

        Assert.StartsWith(archive, e.Message);
        Assert.Contains($"'{name}'", e.Message);
        Assert.Contains(reason, e.Message);
        Assert.False(Directory.Exists(target));
        Assert.Empty(Directory.GetFileSystemEntries(folder["out"]));
        Assert.False(File.Exists(folder["evil"]));
        Assert.False(File.Exists(name));
    }

    [Theory]
    [InlineData(TarEntryType.SymbolicLink)]
    [InlineData(TarEntryType.HardLink)]
    public void LinksAreRejected(TarEntryType type)
    {
        using var folder = new TempFolder();
        var archive = folder["links.tar.gz"];
        DataFiles.TarGz(archive, DataFiles.DirectoryEntry("pack/"), DataFiles.LinkEntry(type, "pack/passwd", "/etc/passwd"));

        var e = Assert.Throws<InvalidDataException>(() => SafeTarExtractor.ExtractFolderAtomically(archive, "pack", folder["out/pack"]));

        Assert.StartsWith(archive, e.Message);
        Assert.Contains($"'pack/passwd' is a {type} to '/etc/passwd'", e.Message);
        Assert.False(Directory.Exists(folder["out/pack"]));
    }

    [Fact]
    public void IncompleteContentIsNotMovedIntoPlace()
    {
        using var folder = new TempFolder();
        var archive = folder["partial.tar.gz"];
        DataFiles.TarGz(archive, DataFiles.FileEntry("pack/a.bin", [1]));
        var e = Assert.Throws<InvalidDataException>(() =>
            SafeTarExtractor.ExtractFolderAtomically(archive, "pack", folder["out/pack"], dir => File.Exists(Path.Combine(dir, "b.bin"))));
        Assert.Contains("lacks some of the files", e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(folder["out"]));
    }

    [Fact]
    public void AnExistingTargetIsNeverOverwritten()
    {
        using var folder = new TempFolder();
        var archive = folder["good.tar.gz"];
        DataFiles.TarGz(archive, DataFiles.FileEntry("pack/a.bin", [1]));
        folder.Write("out/pack/mine.txt", [42]);
        Assert.Throws<IOException>(() => SafeTarExtractor.ExtractFolderAtomically(archive, "pack", folder["out/pack"]));
        Assert.Equal([42], File.ReadAllBytes(folder["out/pack/mine.txt"]));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void NotAnArchiveNamesTheFile(bool gzip)
    {
        using var folder = new TempFolder();
        var junk = new byte[2048];
        new Random(1).NextBytes(junk);
        var archive = folder.Write("junk.tar.gz", gzip ? DataFiles.Gzip(junk) : junk);
        var e = Assert.Throws<InvalidDataException>(() => SafeTarExtractor.ExtractFolderAtomically(archive, "pack", folder["out/pack"]));
        Assert.StartsWith(archive, e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(folder["out"]));
    }

    [Fact]
    public void AnEntryWithAPathTooLongIsRefusedNamingTheArchiveAndTheEntryBriefly()
    {
        using var folder = new TempFolder();
        var archive = folder["long.tar.gz"];
        var name = "pack/" + string.Join('/', Enumerable.Repeat(new string('d', 200), 30)) + "/x.bin";
        DataFiles.TarGz(archive, DataFiles.DirectoryEntry("pack/"), DataFiles.FileEntry(name, [1]));
        var e = Assert.Throws<InvalidDataException>(() => SafeTarExtractor.ExtractFolderAtomically(archive, "pack", folder["out/pack"]));
        Assert.StartsWith($"{archive}: entry 'pack/ddd", e.Message);
        Assert.EndsWith($"/x.bin' has a path too long to extract here ({name.Length} characters)", e.Message);
        Assert.True(e.Message.Length < archive.Length + 200, e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(folder["out"]));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AnEntryThatAppearsTwiceIsRefusedNamingIt(bool secondIsFolder)
    {
        using var folder = new TempFolder();
        var archive = folder["twice.tar.gz"];
        DataFiles.TarGz(archive, DataFiles.FileEntry("pack/a.bin", [1]),
            secondIsFolder ? DataFiles.DirectoryEntry("pack/a.bin/") : DataFiles.FileEntry("pack/a.bin", [2]));
        var e = Assert.Throws<InvalidDataException>(() => SafeTarExtractor.ExtractFolderAtomically(archive, "pack", folder["out/pack"]));
        Assert.StartsWith($"{archive}: entry 'pack/a.bin", e.Message);
        Assert.Contains("appears more than once", e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(folder["out"]));
    }

    // Cut inside the first header, inside a file's data, at a header boundary, and inside the end blocks.
    [Theory]
    [InlineData(0.02)]
    [InlineData(0.3)]
    [InlineData(0.6)]
    [InlineData(0.97)]
    public void ATruncatedArchiveIsReportedAsTruncatedNotAsAMissingFolder(double keptFraction)
    {
        using var folder = new TempFolder();
        var content = new byte[64 * 1024];
        new Random(3).NextBytes(content); // incompressible: the compressed size follows the tar's layout
        var whole = folder["whole.tar.gz"];
        DataFiles.TarGz(whole, DataFiles.DirectoryEntry("pack/"), DataFiles.FileEntry("pack/a.bin", content), DataFiles.FileEntry("pack/b.bin", content));
        var bytes = File.ReadAllBytes(whole);
        var archive = folder.Write("cut.tar.gz", bytes[..(int)(bytes.Length * keptFraction)]);
        var e = Assert.Throws<InvalidDataException>(() => SafeTarExtractor.ExtractFolderAtomically(archive, "pack", folder["out/pack"]));
        Assert.StartsWith(archive, e.Message);
        Assert.Contains("truncated", e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(folder["out"]));
    }

    [Fact]
    public void AnArchiveCutExactlyAfterAnEntryIsReportedAsTruncated()
    {
        using var folder = new TempFolder();
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(DataFiles.DirectoryEntry("pack/"));
            writer.WriteEntry(DataFiles.FileEntry("pack/a.bin", new byte[512]));
        }
        // Every entry whole, the end-of-archive blocks (the last 1024 bytes) missing.
        var archive = folder.Write("cut.tar.gz", DataFiles.Gzip(tar.ToArray()[..^1024]));
        var e = Assert.Throws<InvalidDataException>(() => SafeTarExtractor.ExtractFolderAtomically(archive, "pack", folder["out/pack"]));
        Assert.Contains("truncated", e.Message);
    }
}
