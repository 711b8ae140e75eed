using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Workbench.Notebooks.Execution;

/// <summary>
/// Resolves every reference of a script (the library's closure, the runtime's, a cell's <c>#r</c>) to one
/// <see cref="PortableExecutableReference"/> per file for the whole process, reusing it for every later cell.
/// </summary>
/// <remarks>
/// Roslyn's own resolver creates a fresh reference for each compilation, which reads the file again and,
/// being a new object, makes the compiler bind that assembly's symbols again; a script's submissions keep
/// each other alive, so every cell kept its own copy of the whole closure: about 80 MB a cell, for good.
/// The same reference object lets Roslyn reuse one set of symbols. A file rewritten since it was read
/// (a user's rebuilt library) is read again.
/// </remarks>
internal sealed class SharedReferences(MetadataReferenceResolver inner) : MetadataReferenceResolver
{
    private sealed record Resolved(ImmutableArray<PortableExecutableReference> References, ImmutableArray<(string Path, DateTime Written, long Length)> Files);

    private static readonly ConcurrentDictionary<(string Reference, string? BaseFilePath, MetadataReferenceProperties Properties), Resolved> ByReference = new();
    private static readonly ConcurrentDictionary<(string Path, AssemblyIdentity Identity), Resolved> ByMissingAssembly = new();

    public MetadataReferenceResolver Inner => inner;

    public override ImmutableArray<PortableExecutableReference> ResolveReference(string reference, string? baseFilePath, MetadataReferenceProperties properties) =>
        Cached(ByReference, (reference, baseFilePath, properties), () => inner.ResolveReference(reference, baseFilePath, properties));

    public override bool ResolveMissingAssemblies => inner.ResolveMissingAssemblies;

    public override PortableExecutableReference? ResolveMissingAssembly(MetadataReference definition, AssemblyIdentity referenceIdentity)
    {
        // Keyed by file: a definition is itself a reference object, new each time it is not cached.
        if (definition is not PortableExecutableReference { FilePath: { } path }) return inner.ResolveMissingAssembly(definition, referenceIdentity);
        var found = Cached(ByMissingAssembly, (path, referenceIdentity),
            () => inner.ResolveMissingAssembly(definition, referenceIdentity) is { } one ? [one] : []);
        return found.IsEmpty ? null : found[0];
    }

    public override bool Equals(object? other) => other is SharedReferences shared && inner.Equals(shared.Inner);

    public override int GetHashCode() => inner.GetHashCode();

    private static ImmutableArray<PortableExecutableReference> Cached<TKey>(ConcurrentDictionary<TKey, Resolved> cache, TKey key, Func<ImmutableArray<PortableExecutableReference>> resolve)
        where TKey : notnull
    {
        if (cache.TryGetValue(key, out var known) && known.Files.All(Unchanged)) return known.References;
        var references = resolve();
        cache[key] = new Resolved(references, [.. references.Select(r => r.FilePath).OfType<string>().Select(Stamp)]);
        return references;
    }

    private static (string Path, DateTime Written, long Length) Stamp(string path)
    {
        var file = new FileInfo(path);
        return (path, file.Exists ? file.LastWriteTimeUtc : default, file.Exists ? file.Length : -1);
    }

    private static bool Unchanged((string Path, DateTime Written, long Length) stamp) => Stamp(stamp.Path) == stamp;
}
