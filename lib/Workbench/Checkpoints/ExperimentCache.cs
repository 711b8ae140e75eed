using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Workbench.Data;
using Workbench.Nn;
using Workbench.Torch;

namespace Workbench.Checkpoints;

/// <summary>
/// Expensive results computed once and reused: trained networks, result tables, resumable run
/// folders. Every entry is keyed by the parameters that made it (any JSON-serialisable object,
/// usually an anonymous one), the key is stored beside the result, and an entry is served only
/// when the stored key equals the one asked for, so a cache never returns a result made with
/// other parameters. Lives in <c>data/cache</c> (git-ignored) unless <c>WORKBENCH_CACHE</c> says otherwise.
/// </summary>
public sealed class ExperimentCache(string folder)
{
    public const string EnvironmentVariable = "WORKBENCH_CACHE";
    private const string KeyMetadata = "workbench.cache.key";
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public string Folder { get; } = Path.GetFullPath(folder);

    public static ExperimentCache Default =>
        new(Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } overridden ? overridden : Path.Combine(DataPaths.DataRoot, "cache"));

    /// <summary>The network cached under <paramref name="name"/> and <paramref name="key"/>, or <paramref name="train"/>'s result, saved first.</summary>
    public LoadedModel Network(string name, object key, Func<Module> train, Device? device = null, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var (path, keyJson) = Entry(name, key, ".safetensors");
        if (File.Exists(path))
        {
            var loaded = ModelCheckpoint.Load(path, device);
            if (loaded.Metadata.GetValueOrDefault(KeyMetadata) == keyJson) return loaded;
            loaded.Dispose();
            throw KeyMismatch(path, keyJson);
        }
        using (var trained = train())
        {
            var meta = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>()) { [KeyMetadata] = keyJson };
            Directory.CreateDirectory(Folder);
            ModelCheckpoint.Save(path, trained, extraMetadata: meta);
        }
        return ModelCheckpoint.Load(path, device);
    }

    /// <summary>The value cached under <paramref name="name"/> and <paramref name="key"/> (as JSON), or <paramref name="compute"/>'s, saved first.</summary>
    public T Value<T>(string name, object key, Func<T> compute)
    {
        var (path, keyJson) = Entry(name, key, ".json");
        if (File.Exists(path))
        {
            Stored<T>? stored;
            try { stored = JsonSerializer.Deserialize<Stored<T>>(File.ReadAllText(path)); }
            catch (JsonException e) { throw new InvalidDataException($"'{path}' is not a cache entry of {typeof(T).Name}: {e.Message}; delete it to recompute", e); }
            if (stored is null || stored.Key != keyJson)
                throw KeyMismatch(path, keyJson);
            return stored.Value;
        }
        var value = compute();
        Directory.CreateDirectory(Folder);
        AtomicFile.Write(path, stream => JsonSerializer.Serialize(stream, new Stored<T>(keyJson, value), Indented));
        return value;
    }

    /// <summary>A folder for a resumable run (a loop's state), created with its key inside; a folder holding another key is refused.</summary>
    public string RunFolder(string name, object key)
    {
        var (path, keyJson) = Entry(name, key, "");
        var keyFile = Path.Combine(path, "cache-key.json");
        if (File.Exists(keyFile) && File.ReadAllText(keyFile) != keyJson)
            throw KeyMismatch(path, keyJson);
        Directory.CreateDirectory(path);
        if (!File.Exists(keyFile)) AtomicFile.Write(keyFile, stream => stream.Write(Encoding.UTF8.GetBytes(keyJson)));
        return path;
    }

    /// <summary>Where an entry lives: the name plus a hash of the key's JSON, so each parameter set gets its own file.</summary>
    public string PathOf(string name, object key, string extension) => Entry(name, key, extension).Path;

    private (string Path, string KeyJson) Entry(string name, object key, string extension)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(key);
        if (name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0) throw new ArgumentException($"cache entry name '{name}' is not a file name", nameof(name));
        var keyJson = JsonSerializer.Serialize(key);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(keyJson)))[..12];
        return (Path.Combine(Folder, $"{name}-{hash}{extension}"), keyJson);
    }

    // The key as its exact JSON text: compared byte for byte, whatever the file's indentation.
    private static InvalidDataException KeyMismatch(string path, string keyJson) =>
        new($"'{path}' was made with other parameters than {keyJson}; delete it to recompute");

    private sealed record Stored<T>(string Key, T Value);
}
