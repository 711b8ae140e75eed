using Workbench.Data;
using Workbench.Nn;
using Workbench.Nn.Models;
using Workbench.Torch;

namespace Workbench.Similarity;

/// <summary>
/// Representations to compare: a model's activations on the first images of a dataset, in
/// dataset order, one row per image. Models run in evaluation mode without gradients (their
/// training mode is restored afterwards), batch by batch on the model's device; the results stay
/// there, in the current dispose scope (or the caller's to dispose when none is open).
/// </summary>
public static class FeatureCapture
{
    /// <summary>
    /// The penultimate features [n, d] of the first <paramref name="limit"/> images (all when there
    /// are fewer): for <see cref="ConvNet"/> the output of the ReLU before the classifier's last
    /// Linear, for <see cref="ResNetCifar"/> <see cref="ResNetCifar.Embed"/> (pooled, 64-d).
    /// </summary>
    /// <exception cref="ArgumentException">The model is neither; use <see cref="Modules"/> with a module name.</exception>
    public static Tensor Penultimate(Module model, Dataset data, Normalization? normalization, int limit, int batchSize = 100)
    {
        ArgumentNullException.ThrowIfNull(model);
        const string key = "penultimate";
        Func<Tensor, Dictionary<string, Tensor>> forward = model switch
        {
            ResNetCifar resnet => images => new() { [key] = resnet.Embed(images) },
            ConvNet convnet => Recorded(new ModuleRecorder(model, [PenultimateReLU(convnet)]), key),
            _ => throw new ArgumentException($"penultimate features are defined for ConvNet and ResNetCifar, not {model.GetType().Name}; use FeatureCapture.Modules with a module name", nameof(model)),
        };
        var result = Collect(model, data, normalization, limit, batchSize, [key], forward);
        return result[key];
    }

    /// <summary>
    /// The outputs of the named modules (<see cref="Module.NamedModules"/> names, "" for the whole
    /// model), each flattened to [n, features], for the first <paramref name="limit"/> images.
    /// </summary>
    /// <exception cref="ArgumentException">A name is not a module of the model (the message lists the valid ones).</exception>
    public static IReadOnlyDictionary<string, Tensor> Modules(Module model, Dataset data, IReadOnlyList<string> moduleNames,
        Normalization? normalization, int limit, int batchSize = 100)
    {
        var recorder = new ModuleRecorder(model, moduleNames);
        return Collect(model, data, normalization, limit, batchSize, recorder.Names, recorder.Run);
    }

    /// <summary>The name of the ReLU feeding the classifier's last Linear (dropout, if any, sits between them).</summary>
    private static string PenultimateReLU(ConvNet model)
    {
        var layers = model.Classifier.Layers;
        var lastLinear = layers.Select((m, i) => (m, i)).Last(p => p.m is Linear).i;
        var relu = layers.Take(lastLinear).LastOrDefault(m => m is ReLU)
            ?? throw new InvalidOperationException($"{model.Describe()} has no ReLU before its last Linear");
        return model.NamedModules().First(m => ReferenceEquals(m.Module, relu)).Name;
    }

    private static Func<Tensor, Dictionary<string, Tensor>> Recorded(ModuleRecorder recorder, string key) =>
        images => new() { [key] = recorder.Run(images).Single().Value };

    /// <summary>
    /// Runs <paramref name="forward"/> batch by batch and writes each named output into a
    /// preallocated [n, features] tensor, so memory holds the results and one batch, never a
    /// list of batches waiting to be concatenated.
    /// </summary>
    private static Dictionary<string, Tensor> Collect(Module model, Dataset data, Normalization? normalization, int limit, int batchSize,
        IReadOnlyList<string> names, Func<Tensor, Dictionary<string, Tensor>> forward)
    {
        var n = InputBatches.Count(data, limit, batchSize);
        var device = model.Device;
        var results = new Dictionary<string, Tensor>(); // outside every scope until handed over
        try
        {
            using (new InferenceMode(model))
                foreach (var range in InputBatches.Ranges(n, batchSize))
                {
                    using var scope = DisposeScope.Enter();
                    var outputs = forward(InputBatches.Images(data, range, device, normalization));
                    foreach (var name in names)
                    {
                        var batch = outputs[name];
                        if (!results.TryGetValue(name, out var all))
                            results[name] = all = Tensor.Empty([n, batch.Size(1)], batch.DType, batch.Device).DetachFromDisposeScope();
                        if (batch.Size(1) != all.Size(1))
                            throw new InvalidOperationException($"'{name}' gave {batch.Size(1)} features for images {range.Start}.. but {all.Size(1)} before");
                        all.Narrow(0, range.Start, range.Count).Copy_(batch);
                    }
                }
            // Aliases are new owners in the caller's scope; the detached originals are released below.
            return results.ToDictionary(r => r.Key, r => r.Value.Alias());
        }
        finally
        {
            foreach (var tensor in results.Values) tensor.Dispose();
        }
    }
}
