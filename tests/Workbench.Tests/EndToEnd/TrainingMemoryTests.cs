using System.Diagnostics;
using System.Globalization;

namespace Workbench.Tests.EndToEnd;

/// <summary>
/// A long `train` run's memory stays flat: the resident set of the real CLI process, checkpointing every
/// epoch, is sampled as its epoch lines appear. Before the fix, each save's 1 MB write buffer landed on the
/// large-object heap and the process grew about 1 MB an epoch with no plateau.
/// </summary>
public sealed class TrainingMemoryTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task FiveThousandStepsWithACheckpointEveryEpochGrowTheProcessByUnderTwoPercent()
    {
        // 1000 images in batches of 8: 125 steps an epoch. Epochs 1-8 warm up the allocators; 8 to 48 are 5,000 steps.
        const int warmUp = 8, epochs = 48;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { CliProcess.Dll, "train", "--model", "convnet", "--width", "0.125", "--batch", "8", "--limit", "1000", "--validation", "200",
                     "--epochs", epochs.ToString(CultureInfo.InvariantCulture), "--out", folder["run.safetensors"] })
            start.ArgumentList.Add(a);
        start.Environment["OMP_NUM_THREADS"] = "1";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        long? atWarmUp = null, atEnd = null;
        while (await process.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken) is { } line)
        {
            if (line.StartsWith($"epoch {warmUp}/{epochs} ", StringComparison.Ordinal)) atWarmUp = ResidentKilobytes(process);
            if (line.StartsWith($"epoch {epochs}/{epochs} ", StringComparison.Ordinal)) atEnd = ResidentKilobytes(process);
        }
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, await stderr);
        Assert.NotNull(atWarmUp);
        Assert.NotNull(atEnd);
        var growth = (double)(atEnd.Value - atWarmUp.Value) / atWarmUp.Value;
        Assert.True(growth < 0.02, $"resident set {atWarmUp:N0} kB after {warmUp} epochs, {atEnd:N0} kB after {epochs}: {growth:P2} growth over 5,000 steps");
    }

    private static long ResidentKilobytes(Process process)
    {
        var line = File.ReadLines($"/proc/{process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }
}
