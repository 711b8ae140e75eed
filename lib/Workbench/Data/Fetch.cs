namespace Workbench.Data;

/// <summary>
/// Copies a URI to a file with progress: http(s) through an HttpClient, file:// straight from
/// disk (so tests and local mirrors run the same path as a real download, minus the network).
/// </summary>
public static class Fetch
{
    // One client for the process, as HttpClient is meant to be used; downloads of 170 MB need more than the 100 s default.
    private static readonly Lazy<HttpClient> SharedClient = new(() => new HttpClient { Timeout = TimeSpan.FromMinutes(30) });

    public static async Task ToFileAsync(Uri source, string destination, IProgress<double>? progress = null,
        HttpClient? http = null, CancellationToken cancellation = default)
    {
        if (source.IsFile)
        {
            await using var input = File.OpenRead(source.LocalPath);
            await CopyAsync(input, input.Length, destination, progress, cancellation).ConfigureAwait(false);
            return;
        }
        using var response = await (http ?? SharedClient.Value)
            .GetAsync(source, HttpCompletionOption.ResponseHeadersRead, cancellation).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellation).ConfigureAwait(false);
        await CopyAsync(body, response.Content.Headers.ContentLength, destination, progress, cancellation).ConfigureAwait(false);
    }

    /// <summary>Copies, reporting the fraction done at each whole percent (and 1 at the end, even when the length is unknown).</summary>
    private static async Task CopyAsync(Stream input, long? length, string destination, IProgress<double>? progress, CancellationToken cancellation)
    {
        await using var output = new FileStream(destination, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        var buffer = new byte[1 << 16];
        long done = 0;
        var lastPercent = -1L;
        int read;
        while ((read = await input.ReadAsync(buffer, cancellation).ConfigureAwait(false)) > 0)
        {
            await output.WriteAsync(buffer.AsMemory(0, read), cancellation).ConfigureAwait(false);
            done += read;
            if (length is > 0 && done * 100 / length.Value is var percent && percent != lastPercent && percent < 100)
            {
                lastPercent = percent;
                progress?.Report((double)done / length.Value);
            }
        }
        progress?.Report(1);
    }
}
