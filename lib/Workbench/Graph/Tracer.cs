using Workbench.Graph.LayerKinds;
using Workbench.Nn;
using Workbench.Torch;

namespace Workbench.Graph;

/// <summary>
/// Records one forward pass as channel dependencies. It listens on the tensor binding's tape rather than walking
/// libtorch's autograd graph: every operation passes through our binding, so the tape sees exact arguments (slice
/// bounds, padding, concatenation sizes) that grad_fn nodes expose differently from one libtorch version to the
/// next, it sees module boundaries, and it works under no_grad. A tensor made by an operation the tape does not
/// follow is marked, and using it is an error naming the operation and module: nothing passes through unseen.
/// </summary>
internal sealed class Tracer : ITensorTape, IModuleTape, ITraceWiring
{
    private readonly Dictionary<Tensor, TracedValue> values = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Module, string> names = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Module, (ChannelSpace? In, ChannelSpace? Out)> firstCall = new(ReferenceEqualityComparer.Instance);
    private readonly Stack<Module> calls = new();
    private Module? leaf;

    public ChannelUnion Union { get; } = new();
    public List<ChannelSpace> Spaces { get; } = [];
    public List<GroupMember> Members { get; } = [];
    public Dictionary<int, string> Pins { get; } = [];
    public HashSet<Module> Executed { get; } = new(ReferenceEqualityComparer.Instance);
    public List<LayerCall> Calls { get; } = [];

    public Tracer(Module root)
    {
        foreach (var (name, module) in root.NamedModules()) names[module] = name.Length == 0 ? "(network)" : name;
    }

    public string NameOf(Module module) => names.TryGetValue(module, out var name) ? name : module.Describe();

    public ChannelSpace? Input(Tensor input, string origin) => Follow(input, origin);

    /// <summary>The traced value of the network's output, refused if an operation the tape cannot follow made it.</summary>
    public ChannelSpace? Output(Tensor output)
    {
        var value = Use(output, "the network's output");
        return value?.Space;
    }

    // ---- ITensorTape

    public void Created(Tensor output, string operation)
    {
        if (leaf is not null) return;
        values[output] = new TracedValue(output.Shape) { Unknown = operation, UnknownModule = Here };
    }

    public void Mutated(Tensor tensor, string operation)
    {
        if (leaf is null && values.TryGetValue(tensor, out var value)) (value.Unknown, value.UnknownModule) = (operation + " (in place)", Here);
    }

    public void Recorded(TapedOp op, Tensor output, IReadOnlyList<Tensor> inputs)
    {
        if (leaf is not null) return;
        var known = inputs.Select(t => values.GetValueOrDefault(t)).ToList();
        var rank = output.Shape.Length;
        // The result of an operation the tape cannot follow stays marked through every later one; a broadcast scalar does no harm.
        if (known.FirstOrDefault(v => v is { Followed: false } && !(op is TapedOp.Elementwise && v.ChannelExtent(rank) is null or <= 1)) is { } unknown)
        {
            values[output] = new TracedValue(output.Shape) { Unknown = unknown.Unknown, UnknownModule = unknown.UnknownModule };
            return;
        }
        // An operation on tensors the trace did not make from its input (parameters, constants) is no part of the data flow.
        if (!known.Any(v => v is { Followed: true })) return;
        var operands = inputs.Select((t, i) => known[i] ?? new TracedValue(t.Shape) { Unknown = "a tensor the traced input did not produce" }).ToList();
        var result = ReferenceEquals(output, inputs[0]) ? known[0]! : new TracedValue(output.Shape);
        values[output] = result;
        switch (op)
        {
            case TapedOp.Elementwise e: Elementwise(e.Op, result, operands); break;
            case TapedOp.Reshape r: Reshape(r.Op, result, Use(inputs[0], r.Op)!); break;
            case TapedOp.Slice s: Slice(s, result, Use(inputs[0], "slice")!); break;
            case TapedOp.Pad p: Pad(p, result, Use(inputs[0], "pad")!); break;
            case TapedOp.Cat c: Cat(c, result, inputs.Select(t => Use(t, "cat")).ToList()); break;
            case TapedOp.Reduce r: Reduce(r, result, Use(inputs[0], r.Op)!); break;
        }
    }

    // ---- IModuleTape

    public void Entering(Module module, Tensor input)
    {
        if (leaf is not null) return;
        calls.Push(module);
        if (LayerKindRegistry.For(module) is null) return;
        Use(input, $"the input of {NameOf(module)}");
        leaf = module;
    }

    public void Left(Module module, Tensor input, Tensor output)
    {
        if (leaf is not null && !ReferenceEquals(leaf, module)) return;
        calls.Pop();
        Executed.Add(module);
        if (leaf is null) return;
        leaf = null;
        var kind = LayerKindRegistry.For(module)!;
        // A layer run on constants alone is not on the traced path.
        if (values.GetValueOrDefault(input) is not { Followed: true } inValue) return;
        var inSpace = inValue.Space;
        var outValue = new TracedValue(output.Shape);
        values[output] = outValue;
        var outSpace = outValue.Space = NewSpace(output.Shape, NameOf(module));
        Calls.Add(new LayerCall(NameOf(module), module, inSpace, outSpace, output.Shape));
        if (firstCall.TryGetValue(module, out var first))
        {
            // A layer called again holds the same channels: tie this call's to the first call's.
            if (first.In is { } i && inSpace is not null) Couple(i, inSpace);
            if (first.Out is { } o && outSpace is not null) Couple(o, outSpace);
            return;
        }
        firstCall[module] = (inSpace, outSpace);
        kind.Connect(module, this, inSpace, outSpace);
    }

    // ---- ITraceWiring

    public void Couple(ChannelSpace a, ChannelSpace b)
    {
        if (a.Size != b.Size) throw new GraphTraceException($"cannot tie {a.Size} channels of {a.Origin} to {b.Size} channels of {b.Origin}");
        for (var j = 0; j < a.Size; j++) Union.Union(a.First + j, b.First + j);
    }

    public void Attach(Module module, ChannelRole role, ChannelSpace space) =>
        Members.Add(new GroupMember(NameOf(module), module, role, LayerKindRegistry.For(module)!, space));

    public void Pin(ChannelSpace space, string reason)
    {
        for (var j = 0; j < space.Size; j++) Pins.TryAdd(space.First + j, reason);
    }

    // ---- operations

    private string Here => calls.Count == 0 ? "(network)" : NameOf(calls.Peek());

    private ChannelSpace? NewSpace(long[] shape, string origin)
    {
        if (shape.Length < 2) return null;
        var space = new ChannelSpace(Spaces.Count, shape[1], Union.Count, origin);
        Union.Add(space.Id, shape[1]);
        Spaces.Add(space);
        return space;
    }

    private ChannelSpace? Follow(Tensor tensor, string origin)
    {
        var value = new TracedValue(tensor.Shape);
        value.Space = NewSpace(tensor.Shape, origin);
        values[tensor] = value;
        return value.Space;
    }

    /// <summary>The traced value of an operand, refusing one that an operation the tape cannot follow made.</summary>
    private TracedValue? Use(Tensor tensor, string usedBy)
    {
        if (!values.TryGetValue(tensor, out var value)) return null;
        if (!value.Followed)
            throw new GraphTraceException(
                $"the dependency graph does not know the operation '{value.Unknown}' (in module '{value.UnknownModule}'), whose result reaches {usedBy}; " +
                "use the library's modules and tensor operations, or teach the graph a layer kind (LayerKindRegistry.Add)");
        return value;
    }

    private void Elementwise(string op, TracedValue result, List<TracedValue> operands)
    {
        var rank = result.Shape.Length;
        // Read the operands' channels first: in place, the result is the first operand.
        var before = operands.Select(o => (Value: o, o.Space, Extent: o.ChannelExtent(rank))).ToList();
        result.Space = NewSpace(result.Shape, $"{op} in {Here}");
        if (result.Space is null) return;
        foreach (var (value, space, extent) in before)
        {
            if (value.Followed && space is not null && extent == result.Space.Size) Couple(space, result.Space);
            else if (!value.Followed && extent > 1)
                throw new GraphTraceException(
                    $"'{op}' in module '{Here}' combines traced channels with {extent} channels of {value.Unknown} " +
                    "(a module's own parameter or a constant), which no layer kind prunes with them");
        }
    }

    private void Reshape(string op, TracedValue result, TracedValue input)
    {
        var (i, o) = (input.Shape, result.Shape);
        if (i.Length < 2 && o.Length < 2) return;
        var inSpace = input.Space!;
        if (i.Length >= 2 && o.Length >= 2 && i[0] == o[0] && i[1] == o[1])
        {
            result.Space = NewSpace(o, $"{op} in {Here}");
            Couple(inSpace, result.Space!);
        }
        else if (i.Length >= 2 && o.Length == 2 && o[0] == i[0] && o[1] == Product(i, 1))
        {
            // Flatten: channel j owns the features j·F … j·F+F-1 (channel-major), as the first linear layer sees them.
            var per = Product(i, 2);
            result.Space = NewSpace(o, $"{op} in {Here}");
            for (var f = 0; f < o[1]; f++) Union.Union(result.Space!.First + f, inSpace.First + (int)(f / per));
        }
        else if (i.Length == 2 && o.Length >= 2 && o[0] == i[0] && i[1] == Product(o, 1))
        {
            var per = Product(o, 2);
            result.Space = NewSpace(o, $"{op} in {Here}");
            for (var f = 0; f < i[1]; f++) Union.Union(inSpace.First + f, result.Space!.First + (int)(f / per));
        }
        else
        {
            (result.Unknown, result.UnknownModule) = ($"{op} from [{string.Join(", ", i)}] to [{string.Join(", ", o)}], which mixes channels", Here);
        }
    }

    private void Slice(TapedOp.Slice s, TracedValue result, TracedValue input)
    {
        var rank = input.Shape.Length;
        var dim = s.Dim < 0 ? s.Dim + rank : s.Dim;
        result.Space = NewSpace(result.Shape, $"slice in {Here}");
        if (dim != 1)
        {
            if (result.Space is not null && input.Space is not null) Couple(input.Space, result.Space);
            return;
        }
        var start = s.Start < 0 ? Math.Max(0, s.Start + input.Shape[1]) : Math.Min(s.Start, input.Shape[1]);
        for (var j = 0; j < result.Shape[1]; j++) Union.Union(result.Space!.First + j, input.Space!.First + (int)(start + j * s.Step));
        var reason = $"a slice of channels in module '{Here}' has its bounds fixed in code";
        Pin(input.Space!, reason);
        Pin(result.Space!, reason);
    }

    private void Pad(TapedOp.Pad p, TracedValue result, TracedValue input)
    {
        var rank = input.Shape.Length;
        // Pairs run from the last dimension back: pair k pads dimension rank-1-k.
        long Before(int dim) => 2 * (rank - 1 - dim) < p.Amounts.Length ? p.Amounts[2 * (rank - 1 - dim)] : 0;
        long After(int dim) => 2 * (rank - 1 - dim) + 1 < p.Amounts.Length ? p.Amounts[2 * (rank - 1 - dim) + 1] : 0;
        result.Space = NewSpace(result.Shape, $"pad in {Here}");
        if (rank < 2) return;
        if (Before(0) != 0 || After(0) != 0) throw new GraphTraceException($"a pad of the batch dimension in module '{Here}' is not something the graph follows");
        if (Before(1) == 0 && After(1) == 0)
        {
            Couple(input.Space!, result.Space!);
            return;
        }
        for (var j = 0; j < input.Shape[1]; j++) Union.Union(input.Space!.First + j, result.Space!.First + (int)(Before(1) + j));
        var reason = $"a pad of channels in module '{Here}' has its amounts fixed in code";
        Pin(input.Space!, reason);
        Pin(result.Space!, reason);
    }

    private void Cat(TapedOp.Cat c, TracedValue result, List<TracedValue?> inputs)
    {
        var rank = result.Shape.Length;
        var dim = c.Dim < 0 ? c.Dim + rank : c.Dim;
        result.Space = NewSpace(result.Shape, $"cat in {Here}");
        if (result.Space is null) return;
        long offset = 0;
        foreach (var input in inputs)
        {
            if (input?.Space is null)
                throw new GraphTraceException($"'cat' in module '{Here}' joins a tensor that the traced input did not produce");
            if (dim == 1)
            {
                for (var j = 0; j < input.Space.Size; j++) Union.Union(result.Space.First + (int)(offset + j), input.Space.First + j);
                offset += input.Space.Size;
            }
            else Couple(input.Space, result.Space);
        }
    }

    private void Reduce(TapedOp.Reduce r, TracedValue result, TracedValue input)
    {
        var rank = input.Shape.Length;
        var dims = r.Dims.Length == 0 ? Enumerable.Range(0, rank).Select(d => (long)d).ToArray() : r.Dims.Select(d => d < 0 ? d + rank : d).ToArray();
        if (rank < 2) return;
        if (dims.Contains(1))
        {
            // The result depends on how many channels there are, so none of them may go.
            var reason = $"'{r.Op}' over channels in module '{Here}' depends on every channel";
            Pin(input.Space!, reason);
            result.Space = NewSpace(result.Shape, $"{r.Op} in {Here}");
            if (result.Space is not null) Pin(result.Space, reason);
            return;
        }
        if (dims.Contains(0) && !r.KeepDim)
        {
            (result.Unknown, result.UnknownModule) = ($"{r.Op} over the batch dimension", Here);
            return;
        }
        result.Space = NewSpace(result.Shape, $"{r.Op} in {Here}");
        if (result.Space is not null) Couple(input.Space!, result.Space);
    }

    private static long Product(long[] shape, int from)
    {
        long p = 1;
        for (var d = from; d < shape.Length; d++) p *= shape[d];
        return p;
    }
}
