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
}
