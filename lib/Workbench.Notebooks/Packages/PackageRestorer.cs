using System.ComponentModel;

namespace Workbench.Notebooks.Packages;

/// <summary>
/// Restores package sets through the SDK's NuGet, one generated project per distinct set under the cache
/// folder: a set restored once, by this session or an earlier one, is read back from its assets file
/// without running NuGet again.
/// </summary>
internal sealed class PackageRestorer(PackageSettings settings)
{
    private const string Marker = "restored";
    private int restores;

    /// <summary>How many times this restorer ran <c>dotnet restore</c>: tests check that reruns come from the cache.</summary>
    public int Restores => Volatile.Read(ref restores);

    public async Task<RestoreResult> RestoreAsync(IReadOnlyList<PackageRequest> packages, IReadOnlyList<string> sources, CancellationToken cancellation)
    {
        var result = await RestoreOnceAsync(packages, sources, cancellation);
        if (result.Succeeded || packages.All(p => p.Version is not null)) return result;
        // "Newest" needs a source to ask; offline, the newest stable version already in the local cache will do.
        var cached = PackageCache.Folder(result.PackageFolders, settings);
        var pinned = packages.Select(p => p.Version is null && PackageCache.NewestStable(cached, p.Name) is { } v ? p with { Version = v } : p).ToList();
        if (pinned.Any(p => p.Version is null)) return result;
        var retry = await RestoreOnceAsync(pinned, sources, cancellation);
        if (!retry.Succeeded) return result;
        var notes = packages.Zip(pinned).Where(pair => pair.First.Version is null)
            .Select(pair => $"no package source answered for the newest {pair.First.Name}; using {pair.Second.Version}, the newest in the local package cache ({cached})");
        return retry with { Notes = [.. retry.Notes, .. notes] };
    }

    private async Task<RestoreResult> RestoreOnceAsync(IReadOnlyList<PackageRequest> packages, IReadOnlyList<string> sources, CancellationToken cancellation)
    {
        var text = RestoreProject.Text(packages, sources);
        var directory = Path.Combine(settings.Cache, RestoreProject.Key(text, settings));
        var assets = AssetsFile.PathIn(directory);
        if (File.Exists(Path.Combine(directory, Marker)) && TryRead(assets) is { } earlier) return earlier;

        Directory.CreateDirectory(directory);
        // A failed or half-finished earlier restore in this folder must not pass for this one.
        if (File.Exists(Path.Combine(directory, Marker))) File.Delete(Path.Combine(directory, Marker));
        if (File.Exists(assets)) File.Delete(assets);
        var project = Path.Combine(directory, RestoreProject.FileName);
        await File.WriteAllTextAsync(project, text, CancellationToken.None);
        Interlocked.Increment(ref restores);
        DotnetRestore.Result run;
        try
        {
            run = await DotnetRestore.RunAsync(project, settings, cancellation);
        }
        catch (Win32Exception e)
        {
            return RestoreResult.Failed($"could not run dotnet to restore packages ({e.Message}); packages need the .NET SDK on PATH");
        }
        if (run.TimedOut)
            return RestoreResult.Failed($"dotnet restore did not finish within {settings.RestoreTimeout.TotalSeconds:0} s (is a package source unreachable?)");

        var restored = File.Exists(assets) ? AssetsFile.Read(assets) : null;
        if (run.ExitCode == 0 && restored is not null && !restored.Messages.Any(m => m.IsError))
        {
            await File.WriteAllTextAsync(Path.Combine(directory, Marker), "", CancellationToken.None);
            return new RestoreResult(restored.Assemblies, restored.Messages, restored.PackageFolders, null, []);
        }
        if (restored is not null && restored.Messages.Any(m => m.IsError))
            return RestoreResult.Failed("NuGet could not restore", restored.Messages, restored.PackageFolders);
        var said = run.Output.Split('\n').Select(l => l.Trim()).Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase));
        return RestoreResult.Failed($"dotnet restore failed (exit code {run.ExitCode}): {string.Join(" ", said.DefaultIfEmpty(run.Output.Trim()))}");
    }

    // An earlier restore whose packages were since deleted from the package folder is restored again.
    private static RestoreResult? TryRead(string assets)
    {
        try
        {
            var file = AssetsFile.Read(assets);
            return new RestoreResult(file.Assemblies, file.Messages, file.PackageFolders, null, []);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
