using Workbench.Data;
using Workbench.Nn;
using Workbench.Nn.Models;
using Workbench.Torch;

namespace Workbench.Pruning.Selection;

/// <summary>
/// Evaluates candidate masks on a validation subset, in eval mode and without gradients. The
/// subset's batches are prepared once. For a <see cref="ConvNet"/> a session also computes the
/// activations entering its layer once, so each candidate costs only the forward pass from that
/// layer onward.
/// </summary>
public sealed class ValidationEvaluator : ICandidateEvaluator, IDisposable
{
    private readonly Module model;
    private readonly List<(Tensor Input, Tensor Labels)> batches = [];
    private readonly int count;

    /// <summary>When false every candidate runs the whole network (the baseline the benchmark compares with).</summary>
    public bool ReuseActivations { get; init; } = true;

    public ValidationEvaluator(Module model, Dataset validation, Normalization? normalization = null, int batchSize = 500)
    {
        this.model = model;
        count = validation.Count;
        var loader = new BatchLoader(validation, batchSize) { Shuffle = false, Device = model.Device, Normalization = normalization };
        foreach (var batch in loader.Epoch(0))
            batches.Add((batch.Images.DetachFromDisposeScope(), batch.Labels.DetachFromDisposeScope()));
    }

    /// <summary>MCR (%) and mean loss of the network as it is now.</summary>
    public (double Mcr, double Loss) EvaluateCurrent() => Run(batches.Select(b => b.Input).ToList(), x => model.Forward(x));

    public ICandidateSession Begin(ConvLayer layer) =>
        ReuseActivations && model is ConvNet net ? new CachedSession(this, net, layer) : new FullSession(this);

    private (double Mcr, double Loss) Run(IReadOnlyList<Tensor> inputs, Func<Tensor, Tensor> forward)
    {
        using var mode = new InferenceMode(model);
        using var scope = DisposeScope.Enter();
        var wrong = Tensor.Zeros([], DType.Int64, model.Device);
        var loss = Tensor.Zeros([], DType.Float64, model.Device);
        for (int b = 0; b < batches.Count; b++)
        {
            var logits = forward(inputs[b]);
            var labels = batches[b].Labels;
            wrong.Add_(logits.ArgMax(1).Ne(labels).Sum());
            loss.Add_(Functional.CrossEntropy(logits, labels, reduction: Reduction.Sum));
        }
        // One host transfer per candidate, not one per batch.
        return (100.0 * wrong.Item<long>() / count, loss.Item<double>() / count);
    }

    private sealed class FullSession(ValidationEvaluator owner) : ICandidateSession
    {
        public (double Mcr, double Loss) Evaluate(UnitChoice candidate)
        {
            using var trial = LayerPruner.Try(candidate);
            return owner.EvaluateCurrent();
        }

        public void Dispose() { }
    }

    private sealed class CachedSession : ICandidateSession
    {
        private readonly ValidationEvaluator owner;
        private readonly ConvNet net;
        private readonly ConvLayer layer;
        private readonly List<Tensor> activations = [];

        public CachedSession(ValidationEvaluator owner, ConvNet net, ConvLayer layer)
        {
            (this.owner, this.net, this.layer) = (owner, net, layer);
            using var mode = new InferenceMode(net);
            foreach (var (input, _) in owner.batches)
                activations.Add(net.ForwardUntil(layer, input).DetachFromDisposeScope());
        }

        public (double Mcr, double Loss) Evaluate(UnitChoice candidate)
        {
            if (!ReferenceEquals(candidate.Layer.Conv, layer.Conv))
                throw new ArgumentException($"this session evaluates '{layer.Name}', not '{candidate.Layer.Name}'");
            using var trial = LayerPruner.Try(candidate);
            return owner.Run(activations, h => net.ForwardFrom(layer, h));
        }

        public void Dispose()
        {
            foreach (var t in activations) t.Dispose();
            activations.Clear();
        }
    }

    public void Dispose()
    {
        foreach (var (input, labels) in batches) { input.Dispose(); labels.Dispose(); }
        batches.Clear();
    }
}
