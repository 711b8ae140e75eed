using Workbench.Nn;
using Workbench.Torch;

namespace Workbench.Similarity;

/// <summary>
/// Records the outputs of named modules of one model during a forward pass, through
/// <see cref="ForwardHooks"/>. Names are <see cref="Module.NamedModules"/>' dotted names
/// ("features.3", "layer2.1"; "" is the whole model).
/// </summary>
internal sealed class ModuleRecorder
{
    private readonly Module model;
    private readonly Dictionary<Module, string> watched = new(ReferenceEqualityComparer.Instance);

    public ModuleRecorder(Module model, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(names);
        if (names.Count == 0) throw new ArgumentException("name at least one module to capture", nameof(names));
        var modules = model.NamedModules().ToList();
        foreach (var name in names)
        {
            var matches = modules.Where(m => m.Name == name).ToList();
            if (matches.Count == 0)
                throw new ArgumentException($"{model.GetType().Name} has no module '{name}'; valid names: " +
                    string.Join(", ", modules.Select(m => m.Name.Length == 0 ? "'' (the whole model)" : m.Name)), nameof(names));
            // One module object registered under two names (a shared ReLU) could not tell its calls apart.
            if (!watched.TryAdd(matches[0].Module, name) && watched[matches[0].Module] != name)
                throw new ArgumentException($"'{name}' and '{watched[matches[0].Module]}' are the same module object; capture only one of them", nameof(names));
        }
        this.model = model;
        Names = [.. names.Distinct()];
    }

    public IReadOnlyList<string> Names { get; }

    /// <summary>
    /// Runs the model on <paramref name="images"/> and returns each watched module's output as
    /// [batch, features] (a copy, in the current dispose scope). The caller sets evaluation mode.
    /// </summary>
    public Dictionary<string, Tensor> Run(Tensor images)
    {
        // The copies are taken out of every scope at once: the hook may run inside a module's own
        // scope (BasicBlock, Embed), which would free them when that module returns.
        var copies = new Dictionary<string, Tensor>();
        try
        {
            using (ForwardHooks.Observe((module, output) =>
            {
                if (!watched.TryGetValue(module, out var name)) return;
                if (copies.ContainsKey(name))
                    throw new InvalidOperationException($"module '{name}' ran more than once in one forward pass; its outputs cannot be told apart");
                copies[name] = output.Clone().DetachFromDisposeScope();
            }))
            {
                using var scope = DisposeScope.Enter();
                model.Forward(images);
            }
            var missing = Names.Where(n => !copies.ContainsKey(n)).ToList();
            if (missing.Count > 0)
                throw new InvalidOperationException($"module(s) {string.Join(", ", missing)} did not run in the forward pass of {model.GetType().Name}");
            // Reshape makes new owners in the caller's scope; the detached copies are released below.
            return copies.ToDictionary(c => c.Key, c => c.Value.Reshape(c.Value.Size(0), -1));
        }
        finally
        {
            foreach (var copy in copies.Values) copy.Dispose();
        }
    }
}
