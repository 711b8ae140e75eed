using FsCheck;
using FsCheck.Fluent;
using Workbench.Cli.Sweep;

namespace Workbench.Tests.Sweep;

/// <summary>Plans as people write them: grids, lists, references between runs, and every way to get one wrong.</summary>
public sealed class PlanReaderTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private string Plan(string toml) => folder.Write("plan.toml", System.Text.Encoding.UTF8.GetBytes(toml));

    private RunPlan Read(string toml, IReadOnlyDictionary<string, string>? settings = null) => PlanReader.Read(Plan(toml), folder["out"], settings);

    private const string Baseline = """
        [runs.base]
        verb = "train"
        out = "base-{seed}.safetensors"
        grid = { seed = [0, 1] }
        options = { model = "convnet", seed = "{seed}" }
        """;

    [Fact]
    public void AGridMakesOneRunPerCombinationAndAReferencePicksTheRunWithTheSameValues()
    {
        var plan = Read(Baseline + """

            [runs.prune]
            verb = "prune"
            args = ["{base}"]
            out = "prune-{seed}-{ratio}-{select}.safetensors"
            grid = { seed = [0, 1], ratio = [0.3, 0.5] }
            list = [{ select = "l1" }, { select = "random" }]
            options = { ratio = "{ratio}", select = "{select}", seed = "{seed}", compact = true, retrain-masked = false }
            """);
        Assert.Equal(2 + 2 * 2 * 2, plan.Runs.Count);
        var run = plan["prune-1-0.5-random"];
        Assert.Equal(["base-1"], run.DependsOn);
        Assert.Equal([folder["out/base-1.safetensors"], "--ratio", "0.5", "--select", "random", "--seed", "1", "--compact", "--out", folder["out/prune-1-0.5-random.safetensors"]], run.Arguments);
    }

    [Fact]
    public void VarsAreFilledInAndSetOverridesThem()
    {
        const string toml = """
            [vars]
            epochs = 3
            [runs.base]
            verb = "train"
            out = "base.safetensors"
            options = { model = "convnet", epochs = "{epochs}" }
            """;
        Assert.Contains("3", Read(toml)["base"].Arguments);
        Assert.Contains("7", Read(toml, new Dictionary<string, string> { ["epochs"] = "7" })["base"].Arguments);
        var e = Assert.Throws<PlanException>(() => Read(toml, new Dictionary<string, string> { ["epoch"] = "7" }));
        Assert.Contains("--set epoch=...: the plan has no such entry in [vars] (it has epochs)", e.Message);
    }

    [Theory]
    [InlineData("[runs.a]\nverb = \"tarin\"\nout = \"a\"", "run 'a', key 'verb': unknown verb 'tarin'; a plan runs train, prune, prune-loop, sensitivity")]
    [InlineData("[runs.a]\nverb = \"train\"", "run 'a', key 'out': missing")]
    [InlineData("[runs.a]\nverb = \"train\"\nout = \"a\"\nseed = 1", "run 'a', key 'seed': unknown key")]
    [InlineData("rooot = \"x\"\n[runs.a]\nverb = \"train\"\nout = \"a\"", "key 'rooot': unknown key; a plan has root, vars, slurm, runs")]
    [InlineData("[runs.a]\nverb = \"train\"\nout = \"x\"\n[runs.b]\nverb = \"train\"\nout = \"x\"", "runs a, b all write")]
    [InlineData("[runs.a]\nverb = \"train\"\nout = \"a\"\nafter = [\"b\"]\n[runs.b]\nverb = \"train\"\nout = \"b\"\nafter = [\"a\"]", "wait on one another in a circle: a -> b -> a")]
    [InlineData("[runs.a]\nverb = \"train\"\nout = \"a-{sed}\"\ngrid = { seed = [1] }", "run 'a', key 'out': '{sed}' is neither a value of this run's grid nor in [vars] (grid: seed; vars: none; runs: a)")]
    [InlineData("[runs.a]\nverb = \"train\"\nout = \"a\"\noptions = { lr = [[1]] }", "run 'a', key 'options.lr[0]': expected a string, number or true/false, found a list")]
    [InlineData("[runs.a]\nverb = \"train\"\nout = \"a\"\ngrid = { seed = 1 }", "run 'a', key 'grid.seed': a grid entry is a list")]
    [InlineData("[runs.a]\nverb = \"train\"\nout = \"a\"\noptions = { out = \"b\" }", "run 'a', key 'options.out': the output is the run's own key")]
    [InlineData("[runs.a]\nverb = \"train\"\nout = \"a\"\nslurm = { cpus-per-task = 0 }", "run 'a', key 'slurm.cpus-per-task': '0' is not a positive whole number")]
    [InlineData("[runs.a]\nverb = \"train\"\nout = \"a\"\nafter = [\"nobody\"]", "run 'a', key 'after': 'nobody' is not a run of this plan")]
    [InlineData("[runs.'a b']\nverb = \"train\"\nout = \"a\"", "run 'a b', key 'name': 'a b' cannot name a run")]
    [InlineData("[runs.a]\nverb = \"train\"\nout = \"a}\"", "has a '}' with no '{'")]
    [InlineData("[runs]", "key 'runs': a plan needs at least one run")]
    public void AMistakeIsNamedWithTheFileTheRunAndTheKey(string toml, string expected)
    {
        var e = Assert.Throws<PlanException>(() => Read(toml));
        Assert.StartsWith(folder["plan.toml"] + ": ", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void AReferenceThatCouldMeanSeveralRunsIsRefused()
    {
        var e = Assert.Throws<PlanException>(() => Read(Baseline + "\n[runs.p]\nverb = \"prune\"\nargs = [\"{base}\"]\nout = \"p\""));
        Assert.Contains("run 'p', key 'args[0]': '{base}' could be any of 2 runs (seed=0; seed=1)", e.Message);
    }

    [Theory]
    [InlineData("a = 1\na = 2", "(2,1) : error : The key `a` is already defined")]
    [InlineData("[runs.a]\nverb = \n", "(2,8) : error")]
    public void TomlThatDoesNotParseIsNamedWithItsLineAndColumn(string toml, string expected)
    {
        var e = Assert.Throws<InvalidDataException>(() => Read(toml));
        Assert.Contains(folder["plan.toml"] + expected, e.Message);
    }

    /// <summary>
    /// Any graph of runs: a plan whose runs wait on one another in a circle is refused (a naive reachability search
    /// is the reference); any other is put in waves where each run comes after all it needs, and right after the
    /// last of them.
    /// </summary>
    [Fact]
    public void WavesPutEveryRunRightAfterWhatItNeedsAndCirclesAreRefused()
    {
        var graphs = (from n in Gen.Choose(1, 8)
                      from edges in Gen.Choose(0, n - 1).Two().ArrayOf()
                      select (n, edges: edges.Distinct().ToArray())).ToArbitrary();
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(150), Prop.ForAll(graphs, g =>
        {
            var needs = Enumerable.Range(0, g.n).Select(i => g.edges.Where(e => e.Item1 == i).Select(e => e.Item2).ToHashSet()).ToArray();
            var toml = string.Join('\n', Enumerable.Range(0, g.n).Select(i =>
                $"[runs.r{i}]\nverb = \"train\"\nout = \"r{i}\"\nafter = [{string.Join(", ", needs[i].Select(d => $"\"r{d}\""))}]"));
            bool Reaches(int from, int to, HashSet<int> seen) => needs[from].Any(d => d == to || (seen.Add(d) && Reaches(d, to, seen)));
            var circular = Enumerable.Range(0, g.n).Any(i => Reaches(i, i, []));
            if (circular)
            {
                Assert.Contains("in a circle", Assert.Throws<PlanException>(() => Read(toml)).Message);
                return;
            }
            var plan = Read(toml);
            var waves = PlanOrder.Waves(plan, new HashSet<string>());
            var waveOf = waves.SelectMany((w, k) => w.Select(r => (r.Name, k))).ToDictionary(x => x.Name, x => x.k);
            Assert.Equal(g.n, waveOf.Count);
            for (var i = 0; i < g.n; i++)
            {
                var mine = waveOf[$"r{i}"];
                Assert.All(needs[i], d => Assert.True(waveOf[$"r{d}"] < mine));
                Assert.Equal(needs[i].Count == 0 ? 0 : needs[i].Max(d => waveOf[$"r{d}"]) + 1, mine);
            }
        }));
    }
}
