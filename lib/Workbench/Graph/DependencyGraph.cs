using Workbench.Graph.LayerKinds;
using Workbench.Nn;
using Workbench.Torch;

namespace Workbench.Graph;

/// <summary>
/// The channel dependencies of any network built from the library's modules and tensor operations, traced from one
/// example input: which channels of which layers must be removed together (<see cref="Groups"/>), and which may not
/// be removed at all, with the reason. Tracing runs the network once in evaluation mode without gradients and leaves
/// it as it was.
/// </summary>
public sealed class DependencyGraph
{
    public IReadOnlyList<ChannelGroup> Groups { get; }

    /// <summary>Every layer the trace saw holding channels, in the order it ran.</summary>
    public IReadOnlyList<GroupMember> Members { get; }

    /// <summary>Every call of a layer with weights, in the order the trace ran them.</summary>
    public IReadOnlyList<LayerCall> Calls { get; }

    /// <summary>Layers with weights that the example input never ran (only when the trace was told to allow them).</summary>
    public IReadOnlyList<string> NotExecuted { get; }

    private DependencyGraph(IReadOnlyList<ChannelGroup> groups, IReadOnlyList<GroupMember> members, IReadOnlyList<LayerCall> calls, IReadOnlyList<string> notExecuted) =>
        (Groups, Members, Calls, NotExecuted) = (groups, members, calls, notExecuted);

    /// <param name="network">any module; its layers with weights must be of a kind in <see cref="LayerKindRegistry"/>.</param>
    /// <param name="exampleInput">one batch as the network takes it, e.g. [1, 3, 32, 32].</param>
    /// <param name="allowNotExecuted">accept layers the input never ran (they are listed in <see cref="NotExecuted"/> and left alone).</param>
    /// <exception cref="GraphTraceException">an operation the graph cannot follow, a layer never run, or an input the network refuses.</exception>
    public static DependencyGraph Trace(Module network, Tensor exampleInput, bool allowNotExecuted = false)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(exampleInput);
        var tracer = new Tracer(network);
        var modes = network.NamedModules().Select(m => (m.Module, m.Module.Training)).ToList();
        network.Eval();
        try
        {
            using var scope = DisposeScope.Enter();
            using var noGrad = Autograd.NoGrad();
            if (tracer.Input(exampleInput, "the network's input") is { } input) tracer.Pin(input, "it is the network's input");
            Tensor output;
            using (TensorTape.Record(tracer))
            using (ModuleTape.Record(tracer))
                output = network.Forward(exampleInput);
            if (tracer.Output(output) is { } result) tracer.Pin(result, "it is the network's output");
        }
        catch (TorchException e)
        {
            throw new GraphTraceException($"{network.Describe()} does not run on the example input of shape [{string.Join(", ", exampleInput.Shape)}]: {e.Message}");
        }
        finally
        {
            foreach (var (module, training) in modes) module.SetTrainingFlag(training);
        }
        var notExecuted = network.NamedModules()
            .Where(m => LayerKindRegistry.For(m.Module) is not null && !tracer.Executed.Contains(m.Module))
            .Select(m => m.Name).ToList();
        if (notExecuted.Count > 0 && !allowNotExecuted)
            throw new GraphTraceException(
                $"the example input never ran {string.Join(", ", notExecuted.Select(n => $"'{n}'"))}, so the graph cannot say what their channels are tied to; " +
                "trace with an input that runs them, or allow layers the input does not run (they are then left alone)");
        return new DependencyGraph(BuildGroups(tracer), tracer.Members, tracer.Calls, notExecuted);
    }

    /// <summary>Traces a network of the workbench's own from a zero image of its input shape, on its device.</summary>
    public static DependencyGraph Of(IConvNetwork network)
    {
        using var input = Tensor.Zeros([1, .. network.InputShape], device: ((Module)network).Device);
        return Trace((Module)network, input);
    }

    /// <summary>The group holding <paramref name="module"/>'s channels in <paramref name="role"/>, if the trace saw it.</summary>
    public ChannelGroup? GroupOf(Module module, ChannelRole role) =>
        Groups.FirstOrDefault(g => g.Members.Any(m => ReferenceEquals(m.Module, module) && m.Role == role));

    private static List<ChannelGroup> BuildGroups(Tracer tracer)
    {
        var union = tracer.Union;
        var classes = Enumerable.Range(0, union.Count).GroupBy(union.Find).Select(c => c.ToArray()).ToList();
        var membersBySpace = tracer.Members.ToLookup(m => m.Space.Id);
        var groups = new List<(string Key, List<int[]> Units)>();
        var byKey = new Dictionary<string, List<int[]>>();
        foreach (var elements in classes)
        {
            var spaces = elements.Select(union.SpaceOf).Distinct().Order().ToArray();
            if (!spaces.Any(s => membersBySpace[s].Any())) continue;
            var key = string.Join(",", spaces);
            if (!byKey.TryGetValue(key, out var units)) groups.Add((key, byKey[key] = units = []));
            units.Add(elements);
        }
        return groups.Select(g => Group(tracer, membersBySpace, g.Key, g.Units)).ToList();
    }

    private static ChannelGroup Group(Tracer tracer, ILookup<int, GroupMember> membersBySpace, string key, List<int[]> classes)
    {
        var members = key.Split(',').Select(int.Parse).SelectMany(s => membersBySpace[s]).ToList();
        var units = classes.OrderBy(c => c.Min()).Select((elements, index) =>
        {
            var indices = members
                .Select(m => (Member: m, Indices: elements.Where(e => tracer.Union.SpaceOf(e) == m.Space.Id).Select(e => (long)(e - m.Space.First)).Order().ToArray()))
                .ToList();
            var pin = elements.Select(e => tracer.Pins.GetValueOrDefault(e)).FirstOrDefault(p => p is not null);
            return new ChannelUnit(index, indices, pin);
        }).ToList();
        var name = (members.FirstOrDefault(m => m.Role == ChannelRole.Out) ?? members[0]).Name;
        return new ChannelGroup(name, members, units);
    }
}
