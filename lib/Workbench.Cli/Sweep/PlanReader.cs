using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Parsing;

namespace Workbench.Cli.Sweep;

/// <summary>
/// Reads a run plan: a TOML file people write by hand (TOML for its comments, its plain tables and its
/// one-line lists; the format is in environment.md, "Experiment sets"). Each table under <c>[runs]</c> is a
/// workbench verb with its options; a <c>grid</c> or a <c>list</c> of values makes several runs of one
/// table; <c>{name}</c> in a string is a value of the grid, a <c>[vars]</c> entry, or another run's output (which
/// makes this run wait for that one). Every error names the file, the run and the key.
/// </summary>
internal static class PlanReader
{
    private static readonly string[] TopKeys = ["root", "vars", "slurm", "runs"];
    private static readonly string[] RunKeys = ["verb", "out", "args", "options", "grid", "list", "name", "after", "slurm"];

    /// <param name="root">Overrides the plan's <c>root</c> (where outputs go); null keeps it.</param>
    /// <param name="settings">Overrides of <c>[vars]</c> entries, from <c>--set NAME=VALUE</c>.</param>
    public static RunPlan Read(string file, string? root = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        if (!File.Exists(file)) throw new FileNotFoundException($"plan '{file}' not found");
        var table = Parse(file);
        Keys(table, TopKeys, file, null, "");
        var vars = Vars(table, file, settings ?? new Dictionary<string, string>());
        var slurm = Resources(table, "slurm", file, null) ?? new SlurmResources();
        var rootDirectory = Path.GetFullPath(root ?? (table.TryGetValue("root", out var r) ? Text(r, file, null, "root") : "data/runs"));
        if (!table.TryGetValue("runs", out var runsValue) || runsValue is not TomlTable runs || runs.Count == 0)
            throw new PlanException(file, null, "runs", "a plan needs at least one run: a table [runs.NAME] with verb and out");

        var templates = runs.Select(kv => Template(file, kv.Key, kv.Value, slurm)).ToList();
        var expanded = templates.SelectMany(t => t.Cases().Select(c => (Template: t, Case: c))).ToList();
        var planned = expanded.Select(e => e.Template.Plan(e.Case, new PlanContext(file, rootDirectory, vars, expanded))).ToList();
        Distinct(file, planned);
        var plan = new RunPlan(file, Path.GetFileNameWithoutExtension(file), rootDirectory, planned);
        PlanOrder.CheckAcyclic(plan);
        return plan;
    }

    private static TomlTable Parse(string file)
    {
        var text = File.ReadAllText(file);
        try
        {
            // ParseStrict finds what the model reader lets through: a key or a table defined twice.
            SyntaxParser.ParseStrict(text, file, validate: true);
            return TomlSerializer.Deserialize<TomlTable>(text, new TomlSerializerOptions { SourceName = file })!;
        }
        catch (TomlException e)
        {
            throw new InvalidDataException($"plan {e.Message.Trim().Split('\n')[0]}", e);
        }
    }

    private static Dictionary<string, string> Vars(TomlTable table, string file, IReadOnlyDictionary<string, string> settings)
    {
        var vars = new Dictionary<string, string>(StringComparer.Ordinal);
        if (table.TryGetValue("vars", out var v))
            foreach (var (key, value) in AsTable(v, file, null, "vars")) vars[key] = Text(value, file, null, $"vars.{key}");
        foreach (var (key, value) in settings)
        {
            if (!vars.ContainsKey(key))
                throw new PlanException(file, null, "vars", $"--set {key}=...: the plan has no such entry in [vars] (it has {List(vars.Keys)})");
            vars[key] = value;
        }
        return vars;
    }

    private static RunTemplate Template(string file, string name, object? value, SlurmResources planSlurm)
    {
        CheckName(file, name, name);
        var run = AsTable(value, file, name, "");
        Keys(run, RunKeys, file, name, "");
        string Required(string key) => run.TryGetValue(key, out var v) ? Text(v, file, name, key)
            : throw new PlanException(file, name, key, $"missing; every run needs verb and out");
        var verb = Required("verb");
        if (SweepVerbs.Find(verb) is null)
            throw new PlanException(file, name, "verb", $"unknown verb '{verb}'; a plan runs {List(SweepVerbs.All.Select(v => v.Name))}");
        var options = run.TryGetValue("options", out var o) ? AsTable(o, file, name, "options") : [];
        if (options.ContainsKey("out")) throw new PlanException(file, name, "options.out", "the output is the run's own key: write out = \"...\" beside verb");
        return new RunTemplate(file, name, verb, Required("out"),
            run.TryGetValue("args", out var a) ? Strings(a, file, name, "args") : [],
            options.Select(kv => (kv.Key, (object?)kv.Value)).ToList(),
            run.TryGetValue("after", out var after) ? Strings(after, file, name, "after") : [],
            run.TryGetValue("name", out var n) ? Text(n, file, name, "name") : null,
            Grid(run, file, name),
            (Resources(run, "slurm", file, name) ?? new SlurmResources()).Over(planSlurm));
    }

    /// <summary>The cases of a run: the product of its grid's lists, times each table of its list.</summary>
    private static List<Dictionary<string, string>> Grid(TomlTable run, string file, string name)
    {
        List<Dictionary<string, string>> cases = [new(StringComparer.Ordinal)];
        if (run.TryGetValue("grid", out var g))
            foreach (var (key, values) in AsTable(g, file, name, "grid"))
            {
                var texts = values is TomlArray array ? array.Select(x => Text(x, file, name, $"grid.{key}")).ToList()
                    : throw new PlanException(file, name, $"grid.{key}", "a grid entry is a list of values, e.g. [0.3, 0.5]");
                if (texts.Count == 0) throw new PlanException(file, name, $"grid.{key}", "an empty list makes no runs");
                cases = [.. cases.SelectMany(c => texts.Select(t => new Dictionary<string, string>(c) { [key] = t }))];
            }
        if (run.TryGetValue("list", out var l))
        {
            IEnumerable<object?> items = l switch { TomlTableArray tables => tables, TomlArray array => array, _ => [l] };
            var rows = items.Select((item, i) => AsTable(item, file, name, $"list[{i}]")
                .ToDictionary(kv => kv.Key, kv => Text(kv.Value, file, name, $"list[{i}].{kv.Key}"), StringComparer.Ordinal)).ToList();
            if (rows.Count == 0) throw new PlanException(file, name, "list", "an empty list makes no runs");
            foreach (var key in rows.SelectMany(r => r.Keys).Where(k => cases[0].ContainsKey(k)))
                throw new PlanException(file, name, $"list.{key}", "is also in grid; give each value in one of them");
            cases = [.. cases.SelectMany(c => rows.Select(row => new Dictionary<string, string>(c).Concat(row).ToDictionary(StringComparer.Ordinal)))];
        }
        return cases;
    }

    private static SlurmResources? Resources(TomlTable table, string key, string file, string? run)
    {
        if (!table.TryGetValue(key, out var value)) return null;
        var t = AsTable(value, file, run, key);
        Keys(t, SlurmResources.Keys, file, run, key + ".");
        string? S(string k) => t.TryGetValue(k, out var v) ? Text(v, file, run, $"{key}.{k}") : null;
        int? cpus = t.TryGetValue("cpus-per-task", out var c)
            ? c is long n && n is > 0 and <= 100_000 ? (int)n : throw new PlanException(file, run, $"{key}.cpus-per-task", $"'{c}' is not a positive whole number")
            : null;
        return new SlurmResources(S("partition"), S("time"), cpus, S("gres"), S("mem"));
    }

    private static void Distinct(string file, List<PlannedRun> runs)
    {
        foreach (var group in runs.GroupBy(r => r.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
            throw new PlanException(file, group.Key, "name", $"{group.Count()} runs have this name; give the run a name template with its grid's values, e.g. name = \"{{ratio}}-{{seed}}\"");
        foreach (var group in runs.GroupBy(r => r.Out, StringComparer.Ordinal).Where(g => g.Count() > 1))
            throw new PlanException(file, group.First().Name, "out", $"runs {List(group.Select(r => r.Name))} all write '{group.Key}'; each run needs an output of its own");
    }

    internal static void CheckName(string file, string run, string name)
    {
        if (name.Length == 0 || name.Length > 200 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') || name[0] == '.')
            throw new PlanException(file, run, "name", $"'{name}' cannot name a run: use letters, digits, '-', '_' and '.' (it names the run's log and Slurm task)");
    }

    private static void Keys(TomlTable table, string[] known, string file, string? run, string prefix)
    {
        foreach (var key in table.Keys.Where(k => !known.Contains(k)))
            throw new PlanException(file, run, prefix + key, $"unknown key; {(prefix.Length == 0 && run is null ? "a plan has" : "known here:")} {List(known)}");
    }

    internal static TomlTable AsTable(object? value, string file, string? run, string key) =>
        value as TomlTable ?? throw new PlanException(file, run, key.Length == 0 ? null : key, $"expected a table, found {Describe(value)}");

    private static List<string> Strings(object? value, string file, string run, string key) => value is TomlArray array
        ? array.Select((x, i) => Text(x, file, run, $"{key}[{i}]")).ToList()
        : throw new PlanException(file, run, key, $"expected a list such as [\"a\", \"b\"], found {Describe(value)}");

    /// <summary>A scalar as the command line would spell it; tables and lists are refused, naming the key.</summary>
    internal static string Text(object? value, string file, string? run, string key) => value switch
    {
        string s => s,
        long n => n.ToString(System.Globalization.CultureInfo.InvariantCulture),
        double d when double.IsFinite(d) => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => throw new PlanException(file, run, key, $"expected a string, number or true/false, found {Describe(value)}"),
    };

    private static string Describe(object? value) => value switch
    {
        null => "nothing",
        TomlTable => "a table",
        TomlArray or TomlTableArray => "a list",
        double d => $"'{d}'",
        _ => $"'{value}' ({value.GetType().Name})",
    };

    internal static string List(IEnumerable<string> items)
    {
        var all = items.ToList();
        return all.Count == 0 ? "none" : string.Join(", ", all);
    }
}
