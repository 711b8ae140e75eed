using Workbench.Nn;

namespace Workbench.Graph.LayerKinds;

/// <summary>
/// The layer kinds the graph knows. A module with weights of a kind not listed here is traced through its
/// operations like any container, so its own parameters are refused by name; <see cref="Add"/> teaches it one.
/// </summary>
public static class LayerKindRegistry
{
    private static readonly List<ILayerKind> kinds = [new Conv2dKind(), new BatchNorm2dKind(), new LinearKind()];

    public static ILayerKind? For(Module module)
    {
        lock (kinds) return kinds.FirstOrDefault(k => k.Handles(module));
    }

    /// <summary>Adds a kind, consulted before the built-in ones.</summary>
    public static void Add(ILayerKind kind)
    {
        lock (kinds) kinds.Insert(0, kind);
    }
}
