using Workbench.Torch;

namespace Workbench.Training;

/// <summary>
/// Stochastic gradient descent with momentum, Nesterov momentum and weight decay, with exactly
/// torch.optim.SGD's update (dampening 0):
/// g ← grad + wd·p;  b ← μ·b + g (b ← g on the first step);  g ← g + μ·b (Nesterov) or b;  p ← p − lr·g.
/// A parameter whose gradient is zero and whose value is zero stays exactly zero, which is what
/// keeps masked (pruned) weights removed through retraining.
/// </summary>
public sealed class Sgd
{
    private readonly (string Name, Tensor Parameter)[] parameters;
    private readonly Dictionary<string, Tensor> momentumBuffers = [];

    public double LearningRate { get; set; }
    public double Momentum { get; }
    public bool Nesterov { get; }
    public double WeightDecay { get; }

    public Sgd(IEnumerable<(string Name, Tensor Parameter)> parameters, double learningRate, double momentum = 0, bool nesterov = false, double weightDecay = 0)
    {
        if (learningRate <= 0 || !double.IsFinite(learningRate)) throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "learning rate must be positive and finite");
        if (momentum < 0 || momentum >= 1) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "momentum must be in [0, 1)");
        if (weightDecay < 0) throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, "weight decay must not be negative");
        if (nesterov && momentum == 0) throw new ArgumentException("Nesterov momentum needs a momentum above zero", nameof(nesterov));
        this.parameters = parameters.ToArray();
        (LearningRate, Momentum, Nesterov, WeightDecay) = (learningRate, momentum, nesterov, weightDecay);
    }

    public void Step()
    {
        using var noGrad = Autograd.NoGrad();
        foreach (var (name, p) in parameters)
        {
            using var scope = DisposeScope.Enter();
            var grad = p.Grad;
            if (grad is null) continue;
            var g = WeightDecay != 0 ? grad.Add(p, WeightDecay) : grad;
            if (Momentum != 0)
            {
                if (momentumBuffers.TryGetValue(name, out var buffer)) buffer.Mul_(Momentum).Add_(g);
                else momentumBuffers[name] = buffer = g.Clone().DetachFromDisposeScope();
                g = Nesterov ? g.Add(buffer, Momentum) : buffer;
            }
            p.Add_(g, -LearningRate);
        }
    }

    /// <summary>The momentum buffers by parameter name, for checkpoints (the optimizer keeps ownership).</summary>
    public IReadOnlyDictionary<string, Tensor> State => momentumBuffers;

    /// <summary>Restores momentum buffers saved from <see cref="State"/>; unknown names are an error.</summary>
    public void LoadState(IReadOnlyDictionary<string, Tensor> state)
    {
        var known = parameters.ToDictionary(p => p.Name, p => p.Parameter);
        foreach (var (name, saved) in state)
        {
            if (!known.TryGetValue(name, out var p)) throw new ArgumentException($"optimizer state names '{name}', which is not a parameter of this model");
            if (!saved.Shape.SequenceEqual(p.Shape)) throw new ArgumentException($"optimizer state for '{name}' has shape [{string.Join(", ", saved.Shape)}], the parameter [{string.Join(", ", p.Shape)}]");
            if (momentumBuffers.Remove(name, out var old)) old.Dispose();
            using var detached = saved.Detach();
            momentumBuffers[name] = detached.To(p.Device).Clone().DetachFromDisposeScope();
        }
    }

    /// <summary>Frees the momentum buffers.</summary>
    public void Reset()
    {
        foreach (var buffer in momentumBuffers.Values) buffer.Dispose();
        momentumBuffers.Clear();
    }
}
