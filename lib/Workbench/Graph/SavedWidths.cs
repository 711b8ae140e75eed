using Workbench.Graph.LayerKinds;
using Workbench.Nn;

namespace Workbench.Graph;

/// <summary>
/// A pruned network of any class reloads as itself: build it at its original widths, let every layer take the
/// shapes the saved state has, then load the values. Nothing of its pruning is replayed; the widths are the state's.
/// Masks are the loader's to restore (they go on with their values, after the widths are right).
/// </summary>
public static class SavedWidths
{
    /// <summary>Resizes every layer of a known kind to <paramref name="shapes"/> (full state-dict names to shapes).</summary>
    /// <exception cref="ArgumentException">a shape that is not a tensor's (a dimension below 1, or more than four).</exception>
    public static void Fit(Module network, IReadOnlyDictionary<string, long[]> shapes)
    {
        foreach (var (name, shape) in shapes)
            if (shape.Length > 4 || shape.Any(d => d < 1))
                throw new ArgumentException($"'{name}' has shape [{string.Join(", ", shape)}], which no layer takes", nameof(shapes));
        foreach (var (name, module) in network.NamedModules())
            if (LayerKindRegistry.For(module) is { } kind)
                kind.Resize(module, entry => shapes.GetValueOrDefault(name.Length == 0 ? entry : $"{name}.{entry}"));
    }
}
