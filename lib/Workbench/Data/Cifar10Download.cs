namespace Workbench.Data;

/// <summary>
/// Fetches CIFAR-10 (what <c>./workbench data cifar10</c> runs): download the binary archive,
/// check its published MD5, and extract it safely and atomically to
/// <c>&lt;data root&gt;/cifar-10-batches-bin</c>. An archive already placed by hand at
/// <c>&lt;data root&gt;/cifar-10-binary.tar.gz</c> is used instead of downloading, which is the way
/// in for machines without internet.
/// </summary>
public static class Cifar10Download
{
    public static readonly Uri Source = new("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz");
    public const string Md5 = "c32a1d4ab5d03f1284b67883e8d87530";
    public const string ArchiveName = "cifar-10-binary.tar.gz";

    /// <summary>
    /// Makes sure <c>&lt;dataRoot&gt;/cifar-10-batches-bin</c> holds the dataset and returns that folder.
    /// <paramref name="progress"/> receives the downloaded fraction, 0 to 1. <paramref name="source"/>
    /// may be a file:// URI (tests, mirrors); <paramref name="expectedMd5"/> exists for the same reason.
    /// </summary>
    public static async Task<string> RunAsync(string? dataRoot = null, IProgress<double>? progress = null,
        Uri? source = null, string expectedMd5 = Md5, HttpClient? http = null, CancellationToken cancellation = default)
    {
        dataRoot = Path.GetFullPath(dataRoot ?? DataPaths.DataRoot);
        source ??= Source;
        var target = Path.Combine(dataRoot, Cifar10.FolderName);
        if (Cifar10.IsComplete(target))
        {
            progress?.Report(1);
            return target;
        }
        if (Directory.Exists(target))
            throw new IOException($"{target} exists but lacks some CIFAR-10 files; delete it and run again");

        Directory.CreateDirectory(dataRoot);
        var archive = Path.Combine(dataRoot, ArchiveName);
        var downloaded = !File.Exists(archive);
        if (downloaded)
        {
            var partial = archive + ".partial";
            try
            {
                await Fetch.ToFileAsync(source, partial, progress, http, cancellation).ConfigureAwait(false);
                Checksum.VerifyMd5(partial, expectedMd5);
            }
            catch (Exception e)
            {
                File.Delete(partial); // a half download must never pass for the archive
                if (e is InvalidDataException)
                    throw new InvalidDataException($"the download from {source} is corrupt and was deleted; run again. {e.Message}", e);
                if (e is HttpRequestException or IOException || (e is TaskCanceledException && !cancellation.IsCancellationRequested))
                    throw new IOException(ManualInstructions(source, archive, target, e.Message), e);
                throw;
            }
            File.Move(partial, archive);
        }
        else
        {
            Checksum.VerifyMd5(archive, expectedMd5);
            progress?.Report(1);
        }

        SafeTarExtractor.ExtractFolderAtomically(archive, Cifar10.FolderName, target, Cifar10.IsComplete);
        if (downloaded) File.Delete(archive); // keep only the extracted files; a hand-placed archive is the user's
        return target;
    }

    /// <summary>What to do by hand when the download is impossible.</summary>
    public static string ManualInstructions(Uri source, string archive, string target, string reason) =>
        $"Could not download CIFAR-10 from {source} ({reason}). Without internet, fetch {source} on another machine and either " +
        $"put it at {archive} and run `./workbench data cifar10` again (its MD5 is checked and it is extracted for you), " +
        $"or extract it yourself so that {target} holds {string.Join(", ", Cifar10.TrainFiles)} and {Cifar10.TestFile}.";
}
