using Workbench.Torch;

namespace Workbench.Nn;

/// <summary>
/// A network building block with named parameters, buffers and children, as torch.nn.Module.
/// Names compose with dots (<c>layer2.1.bn1.running_mean</c>), exactly PyTorch's state_dict keys.
/// A module owns its parameters and buffers: they are never in a dispose scope, and disposing the
/// module frees them.
/// </summary>
public abstract class Module : IDisposable
{
    private readonly List<(string Name, Tensor Tensor)> parameters = [];
    private readonly List<(string Name, Tensor Tensor)> buffers = [];
    private readonly List<(string Name, Module Module)> children = [];

    /// <summary>True in training mode (batch statistics, dropout active), false in evaluation mode.</summary>
    public bool Training { get; private set; } = true;

    /// <summary>Runs the module, then tells any active <see cref="ForwardHooks"/> what it produced.</summary>
    public Tensor Forward(Tensor input)
    {
        var tape = ModuleTape.Current;
        tape?.Entering(this, input);
        var output = Compute(input);
        tape?.Left(this, input, output);
        ForwardHooks.Notify(this, output);
        return output;
    }

    /// <summary>What the module computes; subclasses override this, callers use <see cref="Forward"/>.</summary>
    protected abstract Tensor Compute(Tensor input);

    /// <summary>Registers a trainable tensor; it leaves any dispose scope and starts requiring grad.</summary>
    protected Tensor RegisterParameter(string name, Tensor tensor)
    {
        tensor.DetachFromDisposeScope();
        tensor.RequiresGrad = true;
        parameters.Add((name, tensor));
        return tensor;
    }

    /// <summary>Registers state that is saved but not trained (running statistics, masks).</summary>
    protected Tensor RegisterBuffer(string name, Tensor tensor)
    {
        tensor.DetachFromDisposeScope();
        buffers.Add((name, tensor));
        return tensor;
    }

    /// <summary>Registers a buffer, or replaces the one of the same name (disposing the old tensor); null removes it.</summary>
    protected void SetBuffer(string name, Tensor? tensor)
    {
        var index = buffers.FindIndex(b => b.Name == name);
        if (index >= 0)
        {
            if (!ReferenceEquals(buffers[index].Tensor, tensor)) buffers[index].Tensor.Dispose();
            buffers.RemoveAt(index);
        }
        if (tensor is not null) RegisterBuffer(name, tensor);
    }

    /// <summary>
    /// Installs a validated pruning mask as the <c>weight_mask</c> buffer (float, on the weight's device) and zeroes the
    /// weights it removes, so the weights alone already describe the pruned layer; null removes the mask.
    /// </summary>
    protected Tensor? InstallWeightMask(Tensor weight, Tensor? mask)
    {
        if (mask is not null)
        {
            using (var scope = DisposeScope.Enter())
                mask = scope.Keep(mask.Detach().To(DType.Float32).To(weight.Device).Contiguous());
            using (Autograd.NoGrad()) weight.Mul_(mask);
        }
        SetBuffer("weight_mask", mask);
        return mask;
    }

    protected T RegisterModule<T>(string name, T module) where T : Module
    {
        children.Add((name, module));
        return module;
    }

    /// <summary>Replaces a child (by name) with another module; the old one is returned, not disposed.</summary>
    protected Module ReplaceModule(string name, Module module)
    {
        var index = children.FindIndex(c => c.Name == name);
        if (index < 0) throw new ArgumentException($"{GetType().Name} has no child module '{name}'", nameof(name));
        var old = children[index].Module;
        children[index] = (name, module);
        return old;
    }

    public IEnumerable<(string Name, Module Module)> NamedChildren() => children;

    /// <summary>This module and every descendant, depth first, with dotted names ("" for this one).</summary>
    public IEnumerable<(string Name, Module Module)> NamedModules(string prefix = "")
    {
        yield return (prefix, this);
        foreach (var (name, child) in children)
            foreach (var item in child.NamedModules(Join(prefix, name)))
                yield return item;
    }

    public IEnumerable<(string Name, Tensor Tensor)> NamedParameters() =>
        NamedModules().SelectMany(m => m.Module.parameters.Select(p => (Join(m.Name, p.Name), p.Tensor)));

    public IEnumerable<(string Name, Tensor Tensor)> NamedBuffers() =>
        NamedModules().SelectMany(m => m.Module.buffers.Select(b => (Join(m.Name, b.Name), b.Tensor)));

    public IEnumerable<Tensor> Parameters() => NamedParameters().Select(p => p.Tensor);

    /// <summary>Parameters and buffers by name: what a checkpoint stores. The tensors are the module's own.</summary>
    public IReadOnlyDictionary<string, Tensor> StateDict()
    {
        var state = new Dictionary<string, Tensor>();
        foreach (var (name, tensor) in NamedParameters().Concat(NamedBuffers())) state[name] = tensor;
        return state;
    }

    /// <summary>
    /// Copies values from <paramref name="state"/> into this module's tensors. Every key must match
    /// a tensor of the same shape, and every tensor of the module must be present: a mismatch names the key.
    /// </summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state)
    {
        var own = StateDict();
        var missing = own.Keys.Where(k => !state.ContainsKey(k)).ToList();
        var unexpected = state.Keys.Where(k => !own.ContainsKey(k)).ToList();
        if (missing.Count > 0 || unexpected.Count > 0)
            throw new ArgumentException($"state does not fit {GetType().Name}: missing [{string.Join(", ", missing)}], unexpected [{string.Join(", ", unexpected)}]");
        foreach (var (name, target) in own)
        {
            var source = state[name];
            if (!source.Shape.SequenceEqual(target.Shape))
                throw new ArgumentException($"'{name}' has shape [{string.Join(", ", source.Shape)}] in the state but [{string.Join(", ", target.Shape)}] in the module");
        }
        using var noGrad = Autograd.NoGrad();
        foreach (var (name, target) in own) target.Copy_(state[name]);
    }

    public Module Train(bool on = true)
    {
        foreach (var (_, m) in NamedModules()) m.Training = on;
        return this;
    }

    public Module Eval() => Train(false);

    /// <summary>This module's own mode alone, children untouched: how a caller puts back a mix of modes.</summary>
    internal void SetTrainingFlag(bool on) => Training = on;

    /// <summary>Moves every parameter and buffer to <paramref name="device"/>, keeping the tensors' identity.</summary>
    public Module To(Device device)
    {
        foreach (var (_, tensor) in NamedParameters().Concat(NamedBuffers()))
        {
            if (tensor.Device == device) continue;
            using var detached = tensor.Detach();
            using var moved = detached.To(device);
            tensor.SetData(moved);
        }
        return this;
    }

    /// <summary>The device of the first parameter (CPU for a module without any).</summary>
    public Device Device => Parameters().FirstOrDefault()?.Device ?? Device.Cpu;

    /// <summary>Drops every parameter's gradient (optimizer.zero_grad(set_to_none=True)).</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters()) p.ClearGrad();
    }

    public virtual void Dispose()
    {
        foreach (var (_, tensor) in parameters.Concat(buffers)) tensor.Dispose();
        foreach (var (_, child) in children) child.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Short description used by Sequential and ToString, e.g. "Conv2d(3, 16, k=3, s=1, p=1)".</summary>
    public virtual string Describe() => GetType().Name;

    public override string ToString() => Describe();

    protected static string Join(string prefix, string name) => prefix.Length == 0 ? name : $"{prefix}.{name}";
}
