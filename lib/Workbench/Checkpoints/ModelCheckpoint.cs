using Workbench.Nn;
using Workbench.Torch;

namespace Workbench.Checkpoints;

/// <summary>
/// A network in one safetensors file: its state dict (PyTorch's keys, so PyTorch loads it as it is),
/// its <see cref="Architecture"/> as JSON metadata (so a pruned, narrower network rebuilds itself),
/// and whatever else the caller stores beside it (optimizer state, pruning masks, run metadata).
/// </summary>
public static class ModelCheckpoint
{
    /// <summary>Metadata key holding <see cref="Architecture.ToJson"/>; its presence marks a model checkpoint.</summary>
    public const string ArchitectureKey = "workbench.architecture";

    /// <summary>Metadata key holding the layout version, so a future layout is refused rather than misread.</summary>
    public const string FormatKey = "workbench.format";

    public const string FormatVersion = "1";

    private static readonly Dictionary<string, Tensor> NoTensors = [];
    private static readonly Dictionary<string, string> NoMetadata = [];

    /// <summary>
    /// Writes the model's state, <paramref name="extraTensors"/> and the metadata atomically: a save
    /// that fails leaves any previous file at <paramref name="path"/> as it was.
    /// </summary>
    /// <exception cref="ArgumentException">The model is not an <see cref="IConvNetwork"/>, an extra tensor
    /// is named like a state tensor, or extra metadata uses a <c>workbench.*</c> key this class writes.</exception>
    public static void Save(string path, Module model, IReadOnlyDictionary<string, Tensor>? extraTensors = null,
        IReadOnlyDictionary<string, string>? extraMetadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(model);
        if (model is not IConvNetwork network)
            throw new ArgumentException($"{model.GetType().Name} does not implement IConvNetwork: a model checkpoint must store an architecture to rebuild the network from", nameof(model));

        var tensors = new Dictionary<string, Tensor>(model.StateDict(), StringComparer.Ordinal);
        foreach (var (name, tensor) in extraTensors ?? NoTensors)
            if (!tensors.TryAdd(name, tensor))
                throw new ArgumentException($"extra tensor '{name}' has the name of one of the model's state tensors", nameof(extraTensors));

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in extraMetadata ?? NoMetadata)
        {
            if (key is ArchitectureKey or FormatKey)
                throw new ArgumentException($"metadata key '{key}' is reserved for the checkpoint's own use", nameof(extraMetadata));
            metadata[key] = value;
        }
        metadata[ArchitectureKey] = network.Architecture.ToJson();
        metadata[FormatKey] = FormatVersion;
        SafeTensors.Save(path, tensors, metadata);
    }

    /// <summary>
    /// Rebuilds the network from the file's architecture, loads its state and moves it to
    /// <paramref name="device"/> (the CPU by default); every other tensor goes, on the same device,
    /// to <see cref="LoadedModel.Extra"/>. Building draws the (discarded) initial weights from
    /// libtorch's generator, as constructing the network would.
    /// </summary>
    /// <param name="path">The checkpoint.</param>
    /// <param name="device">Where the model and the extra tensors go (the CPU by default).</param>
    /// <param name="allowNonFinite">Load NaN, infinite or overflowing weights (see <see cref="FiniteTensors"/>) instead of
    /// refusing them: for inspecting a diverged run, never for computing results from it.</param>
    /// <exception cref="InvalidDataException">The file is not a valid model checkpoint, or holds non-finite weights; the message names the file and the problem.</exception>
    public static LoadedModel Load(string path, Device? device = null, bool allowNonFinite = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        // The architecture is checked against the header's shapes before any tensor is read or any layer
        // built: a header claiming a huge network is refused at the cost of a list.
        var header = SafeTensors.ReadHeader(path);
        var architecture = ParseArchitecture(header.Metadata, path);
        if (ArchitectureState.Shapes(architecture) is { } needed) CheckDescribes(needed, header.Tensors, path);
        // Frees the file's copies of the state and the intermediates of moving to the device; the model
        // registers its tensors outside any scope, and the extra tensors are detached from it below.
        using var scope = DisposeScope.Enter();
        var checkpoint = SafeTensors.Load(path);
        if (!allowNonFinite) FiniteTensors.Require(checkpoint.Tensors, path);
        var model = Build(architecture, path);
        try
        {
            if (architecture.WidthsFromState) FitWidths(model, header.Tensors, path);
            RestoreMasks(model, checkpoint.Tensors, path);
            var state = model.StateDict();
            CheckState(state, checkpoint.Tensors, path);
            model.LoadStateDict(state.ToDictionary(p => p.Key, p => checkpoint.Tensors[p.Key]));
            if (device is { } target) model.To(target);

            var extra = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            foreach (var (name, tensor) in checkpoint.Tensors)
                if (!state.ContainsKey(name)) extra[name] = device is { } d && tensor.Device != d ? tensor.To(d) : tensor;
            foreach (var tensor in extra.Values) tensor.DetachFromDisposeScope();
            return new LoadedModel(model, architecture, checkpoint.Metadata, extra);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Pruning masks are state too: a <c>NAME.weight_mask</c> tensor goes back onto layer NAME before the
    /// state is loaded, so a pruned network retrains with its removed weights held at zero. A
    /// <c>NAME.kept_kernels</c> index makes that conv compute its kept kernels alone, as it did when saved.
    /// </summary>
    private static void RestoreMasks(Module model, Dictionary<string, Tensor> tensors, string path)
    {
        const string suffix = ".weight_mask", keptSuffix = ".kept_kernels";
        foreach (var (name, module) in model.NamedModules())
        {
            tensors.TryGetValue(name + keptSuffix, out var kept);
            if (!tensors.TryGetValue(name + suffix, out var mask))
            {
                if (kept is not null) throw Invalid(path, $"'{name}{keptSuffix}' has no '{name}{suffix}' beside it to say which kernels are kept");
                continue;
            }
            try
            {
                switch (module)
                {
                    case Conv2d conv: conv.SetWeightMask(mask); break;
                    case Linear fc: fc.SetWeightMask(mask); break;
                }
            }
            catch (ArgumentException e)
            {
                throw Invalid(path, $"mask '{name}{suffix}': {e.Message}");
            }
            if (kept is not null) RestoreKeptKernels(module, name + keptSuffix, kept, path);
        }
    }

    private static void RestoreKeptKernels(Module module, string name, Tensor kept, string path)
    {
        if (module is not Conv2d conv) throw Invalid(path, $"'{name}' belongs to a {module.GetType().Name}; only a Conv2d has kept kernels");
        try
        {
            conv.RunKeptKernelsOnly();
        }
        catch (InvalidOperationException e)
        {
            throw Invalid(path, $"'{name}': {e.Message}");
        }
        var stored = kept.DType == DType.Int64 && kept.Shape.Length == 1 ? kept.To(Device.Cpu).ToArray<long>() : null;
        if (stored is null || !stored.AsSpan().SequenceEqual(conv.KeptKernels!.To(Device.Cpu).ToArray<long>()))
            throw Invalid(path, $"'{name}' does not list the kernels its layer's weight_mask keeps");
    }

    /// <summary>The architecture stored in a model checkpoint, reading only the file's header.</summary>
    /// <exception cref="InvalidDataException">The file is not a model checkpoint or its architecture is unreadable.</exception>
    public static Architecture ReadArchitecture(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return ParseArchitecture(SafeTensors.ReadHeader(path).Metadata, path);
    }

    private static Architecture ParseArchitecture(IReadOnlyDictionary<string, string> metadata, string path)
    {
        if (!metadata.TryGetValue(ArchitectureKey, out var json))
            throw new InvalidDataException($"'{path}' is not a workbench model checkpoint: it has no '{ArchitectureKey}' metadata");
        metadata.TryGetValue(FormatKey, out var format);
        if (format != FormatVersion)
            throw Invalid(path, $"its '{FormatKey}' is {(format is null ? "missing" : $"'{format}'")}, but this reader knows only version '{FormatVersion}'");
        Architecture architecture;
        try
        {
            architecture = Architecture.FromJson(json);
        }
        catch (ArgumentException e)
        {
            throw Invalid(path, $"its architecture cannot be read ({e.Message})", e);
        }
        try
        {
            ArchitectureLimits.Check(architecture);
        }
        catch (ArgumentException e)
        {
            throw Invalid(path, $"its '{ArchitectureKey}' metadata is refused: {e.Message}", e);
        }
        return architecture;
    }

    /// <summary>Every state tensor the architecture needs is in the file with the shape it needs (masks and extras may be there too).</summary>
    private static void CheckDescribes(IReadOnlyList<(string Name, long[] Shape)> needed, IReadOnlyList<TensorEntry> entries, string path)
    {
        var file = entries.ToDictionary(e => e.Name, e => e.Shape, StringComparer.Ordinal);
        var missing = needed.Where(n => !file.ContainsKey(n.Name)).Select(n => n.Name).ToList();
        if (missing.Count > 0)
            throw Invalid(path, $"the architecture needs state tensors the file lacks: {string.Join(", ", missing.Take(8).Select(k => $"'{k}'"))}{(missing.Count > 8 ? $" and {missing.Count - 8} more" : "")}");
        foreach (var (name, shape) in needed)
            if (!file[name].SequenceEqual(shape))
                throw Invalid(path, $"state tensor '{name}' has shape {Format(file[name])} in the file, but the architecture needs {Format(shape)}");
    }

    // A pruned network's widths are its tensors' shapes; the data is the file's, so these allocations are bounded by it.
    private static void FitWidths(Module model, IReadOnlyList<TensorEntry> entries, string path)
    {
        try
        {
            Graph.SavedWidths.Fit(model, entries.ToDictionary(e => e.Name, e => e.Shape, StringComparer.Ordinal));
        }
        catch (ArgumentException e)
        {
            throw Invalid(path, $"its tensors do not fit the network it names: {e.Message}", e);
        }
    }

    private static Module Build(Architecture architecture, string path)
    {
        try
        {
            return architecture.Build();
        }
        // JSON can describe what no constructor accepts: wrong counts, odd widths, absent (null) arrays.
        catch (Exception e) when (e is ArgumentException or NullReferenceException or IndexOutOfRangeException or OverflowException or TorchException)
        {
            throw Invalid(path, $"its architecture cannot be built ({e.Message})", e);
        }
    }

    private static void CheckState(IReadOnlyDictionary<string, Tensor> state, Dictionary<string, Tensor> file, string path)
    {
        var missing = state.Keys.Where(k => !file.ContainsKey(k)).ToList();
        if (missing.Count > 0)
            throw Invalid(path, $"the architecture needs state tensors the file lacks: {string.Join(", ", missing.Take(8).Select(k => $"'{k}'"))}{(missing.Count > 8 ? $" and {missing.Count - 8} more" : "")}");
        foreach (var (name, target) in state)
        {
            var source = file[name];
            if (!source.Shape.SequenceEqual(target.Shape))
                throw Invalid(path, $"state tensor '{name}' has shape {Format(source.Shape)} in the file, but the architecture needs {Format(target.Shape)}");
            // Copying would convert silently, and a round trip is meant to be bit-identical.
            if (source.DType != target.DType)
                throw Invalid(path, $"state tensor '{name}' is {source.DType} in the file, but the model's is {target.DType}");
        }
    }

    private static InvalidDataException Invalid(string path, string problem, Exception? inner = null) =>
        new($"'{path}' is not a loadable workbench model checkpoint: {problem}", inner);

    private static string Format(long[] shape) => $"[{string.Join(", ", shape)}]";
}
