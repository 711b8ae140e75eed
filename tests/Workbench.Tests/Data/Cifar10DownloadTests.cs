using Workbench.Data;

namespace Workbench.Tests.Data;

/// <summary>
/// The CIFAR-10 downloader end to end on a tiny archive of the real layout, served from a
/// file:// URI: progress, MD5, atomic extraction, and the message when the source is unreachable.
/// Nothing here touches the network.
/// </summary>
public class Cifar10DownloadTests
{
    /// <summary>Records progress synchronously (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class Recorder : IProgress<double>
    {
        public List<double> Values { get; } = [];
        public void Report(double value) => Values.Add(value);
    }

    /// <summary>A cifar-10-binary.tar.gz look-alike: the six batch files, two images each, plus the metadata file.</summary>
    private static (Uri Source, string Md5) FakeArchive(TempFolder folder)
    {
        var path = folder["mirror/cifar-10-binary.tar.gz"];
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var entries = Cifar10.TrainFiles.Append(Cifar10.TestFile)
            .Select((name, i) => DataFiles.FileEntry($"cifar-10-batches-bin/{name}", DataFiles.CifarRecords([(byte)i, 9], firstImage: 2 * i)))
            .Prepend(DataFiles.DirectoryEntry("cifar-10-batches-bin/"))
            .Append(DataFiles.FileEntry("cifar-10-batches-bin/batches.meta.txt", "airplane\n"u8.ToArray()))
            .ToArray();
        DataFiles.TarGz(path, entries);
        return (new Uri(path), Checksum.Md5Hex(path));
    }

    [Fact]
    public async Task DownloadsVerifiesAndExtracts()
    {
        using var folder = new TempFolder();
        var (source, md5) = FakeArchive(folder);
        var dataRoot = folder["data"];
        var progress = new Recorder();

        var target = await Cifar10Download.RunAsync(dataRoot, progress, source, md5, cancellation: TestContext.Current.CancellationToken);

        Assert.Equal(Path.Combine(dataRoot, "cifar-10-batches-bin"), target);
        using var train = Cifar10.Load(Split.Train, target);
        Assert.Equal(10, train.Count);
        Assert.Equal([0L, 9, 1, 9, 2, 9, 3, 9, 4, 9], train.LabelArray());
        Assert.Equal([target], Directory.GetFileSystemEntries(dataRoot)); // archive, partial file and temporary folder are gone
        Assert.NotEmpty(progress.Values);
        Assert.Equal(1.0, progress.Values[^1]);
        Assert.Equal(progress.Values.Order(), progress.Values);

        // A second run finds the dataset complete and does not need the source at all.
        var again = await Cifar10Download.RunAsync(dataRoot, source: new Uri(folder["nowhere.tar.gz"]), expectedMd5: md5, cancellation: TestContext.Current.CancellationToken);
        Assert.Equal(target, again);
    }

    [Fact]
    public async Task WrongChecksumLeavesNothingBehind()
    {
        using var folder = new TempFolder();
        var (source, _) = FakeArchive(folder);
        var dataRoot = folder["data"];

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => Cifar10Download.RunAsync(dataRoot, source: source, cancellation: TestContext.Current.CancellationToken));

        Assert.Contains(Cifar10Download.Md5, e.Message);
        Assert.Contains(source.ToString(), e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(dataRoot));
    }

    [Fact]
    public async Task UnreachableFileSourceSaysWhereToPutTheFilesByHand()
    {
        using var folder = new TempFolder();
        var source = new Uri(folder["missing/cifar-10-binary.tar.gz"]);
        var dataRoot = folder["data"];

        var e = await Assert.ThrowsAsync<IOException>(() => Cifar10Download.RunAsync(dataRoot, source: source, cancellation: TestContext.Current.CancellationToken));

        Assert.Contains(source.ToString(), e.Message);
        Assert.Contains(Path.Combine(dataRoot, "cifar-10-binary.tar.gz"), e.Message);
        Assert.Contains(Path.Combine(dataRoot, "cifar-10-batches-bin"), e.Message);
        Assert.Contains("test_batch.bin", e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(dataRoot));
    }

    [Fact]
    public async Task UnreachableHttpSourceSaysWhereToPutTheFilesByHand()
    {
        // A closed port on this machine: the HTTP path fails at once, without any network.
        using var folder = new TempFolder();
        var source = new Uri("http://127.0.0.1:9/cifar-10-binary.tar.gz");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };

        var e = await Assert.ThrowsAsync<IOException>(() => Cifar10Download.RunAsync(folder["data"], source: source, http: http, cancellation: TestContext.Current.CancellationToken));

        Assert.Contains("Could not download CIFAR-10 from http://127.0.0.1:9/cifar-10-binary.tar.gz", e.Message);
        Assert.Contains("Without internet", e.Message);
    }

    [Fact]
    public async Task AnArchivePlacedByHandIsUsedAndKept()
    {
        using var folder = new TempFolder();
        var (source, md5) = FakeArchive(folder);
        var dataRoot = folder["data"];
        Directory.CreateDirectory(dataRoot);
        var archive = Path.Combine(dataRoot, Cifar10Download.ArchiveName);
        File.Copy(source.LocalPath, archive);

        var target = await Cifar10Download.RunAsync(dataRoot, source: new Uri(folder["offline.tar.gz"]), expectedMd5: md5, cancellation: TestContext.Current.CancellationToken);

        Assert.True(Cifar10.IsComplete(target));
        Assert.True(File.Exists(archive));
    }

    [Fact]
    public async Task AMaliciousArchiveIsRejectedEvenWithTheRightChecksum()
    {
        using var folder = new TempFolder();
        var path = folder["mirror/evil.tar.gz"];
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        DataFiles.TarGz(path, DataFiles.FileEntry("cifar-10-batches-bin/../../evil", [1]));
        var dataRoot = folder["data"];

        await Assert.ThrowsAsync<InvalidDataException>(() => Cifar10Download.RunAsync(dataRoot, source: new Uri(path), expectedMd5: Checksum.Md5Hex(path), cancellation: TestContext.Current.CancellationToken));

        Assert.False(File.Exists(folder["evil"]));
        Assert.False(Directory.Exists(Path.Combine(dataRoot, "cifar-10-batches-bin")));
    }
}
