using System.Text;
using Tomlyn.Model;

namespace Workbench.Cli.Sweep;

/// <summary>What every run of a plan can see while its placeholders are filled in.</summary>
/// <param name="Expanded">Every run of the plan, as (table, case), to find the output a placeholder names.</param>
internal sealed record PlanContext(string File, string Root, IReadOnlyDictionary<string, string> Vars,
    IReadOnlyList<(RunTemplate Template, Dictionary<string, string> Case)> Expanded);

/// <summary>
/// One <c>[runs.NAME]</c> table as written, before its grid is expanded. <see cref="Plan"/> makes one run of it
/// for one case of the grid, filling in every <c>{placeholder}</c>.
/// </summary>
internal sealed record RunTemplate(string File, string Key, string Verb, string Out, IReadOnlyList<string> Args,
    IReadOnlyList<(string Key, object? Value)> Options, IReadOnlyList<string> After, string? NameTemplate,
    IReadOnlyList<Dictionary<string, string>> Grid, SlurmResources Slurm)
{
    public IReadOnlyList<Dictionary<string, string>> Cases() => Grid;

    public PlannedRun Plan(Dictionary<string, string> values, PlanContext context)
    {
        var name = NameFor(values, context);
        var dependsOn = new List<string>();
        string Fill(string text, string key) => Placeholders(text, key, name, p =>
        {
            if (values.TryGetValue(p, out var v)) return v;
            if (context.Vars.TryGetValue(p, out var var)) return var;
            if (context.Expanded.Any(e => e.Template.Key == p))
            {
                var (template, other) = Matching(p, values, context, key, name).Single();
                var dependency = template.NameFor(other, context);
                if (!dependsOn.Contains(dependency)) dependsOn.Add(dependency);
                return template.OutFor(other, context);
            }
            throw new PlanException(File, name, key, $"'{{{p}}}' is neither a value of this run's grid, nor in [vars], nor a run ({Known(values, context)})");
        });

        var arguments = Args.Select((a, i) => Fill(a, $"args[{i}]")).ToList();
        foreach (var (key, value) in Options)
        {
            var option = $"--{key}";
            switch (value)
            {
                case true: arguments.Add(option); break;
                case false: break;
                case TomlArray list:
                    for (var i = 0; i < list.Count; i++) arguments.AddRange([option, Fill(PlanReader.Text(list[i], File, name, $"options.{key}[{i}]"), $"options.{key}")]);
                    break;
                default: arguments.AddRange([option, Fill(PlanReader.Text(value, File, name, $"options.{key}"), $"options.{key}")]); break;
            }
        }
        var output = OutFor(values, context);
        arguments.AddRange(["--out", output]);
        foreach (var after in After)
        {
            if (!context.Expanded.Any(e => e.Template.Key == after))
                throw new PlanException(File, name, "after", $"'{after}' is not a run of this plan");
            foreach (var (template, other) in Matching(after, values, context, "after", name))
                if (template.NameFor(other, context) is var dependency && !dependsOn.Contains(dependency)) dependsOn.Add(dependency);
        }
        return new PlannedRun(name, Verb, arguments, output, dependsOn, Slurm);
    }

    /// <summary>The full path this run writes for one case: <c>out</c> under the plan's root, with the case's values.</summary>
    public string OutFor(Dictionary<string, string> values, PlanContext context) =>
        Path.GetFullPath(Path.Combine(context.Root, Placeholders(Out, "out", Key, p => OwnValue(p, values, context, "out"))));

    public string NameFor(Dictionary<string, string> values, PlanContext context)
    {
        var name = NameTemplate is null
            ? string.Join('-', new[] { Key }.Concat(values.Values.Select(Tidy)))
            : Placeholders(NameTemplate, "name", Key, p => OwnValue(p, values, context, "name"));
        PlanReader.CheckName(File, Key, name);
        return name;
    }

    /// <summary>The runs of table <paramref name="key"/> whose grid values agree with this case on every name they share.</summary>
    private List<(RunTemplate, Dictionary<string, string>)> Matching(string key, Dictionary<string, string> values, PlanContext context, string where, string run)
    {
        var all = context.Expanded.Where(e => e.Template.Key == key).ToList();
        var matching = all.Where(e => e.Case.All(kv => !values.TryGetValue(kv.Key, out var v) || v == kv.Value)).Select(e => (e.Template, e.Case)).ToList();
        if (matching.Count == 0)
            throw new PlanException(File, run, where, $"no run of '{key}' has this run's values ({Describe(values)})");
        if (matching.Count > 1 && where != "after")
            throw new PlanException(File, run, where, $"'{{{key}}}' could be any of {matching.Count} runs ({string.Join("; ", matching.Select(m => Describe(m.Case)))}); give this run the grid values that tell them apart");
        return matching;
    }

    /// <summary>Out and name take the run's own values and [vars] only: they must be known before any run is.</summary>
    private string OwnValue(string p, Dictionary<string, string> values, PlanContext context, string key) =>
        values.TryGetValue(p, out var v) ? v
        : context.Vars.TryGetValue(p, out var var) ? var
        : throw new PlanException(File, Key, key, $"'{{{p}}}' is neither a value of this run's grid nor in [vars] ({Known(values, context)})");

    /// <summary>Fills each <c>{name}</c>; <c>{{</c> and <c>}}</c> stand for the braces themselves.</summary>
    private string Placeholders(string text, string key, string run, Func<string, string> value)
    {
        var result = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if ((c == '{' || c == '}') && i + 1 < text.Length && text[i + 1] == c) { result.Append(c); i++; continue; }
            if (c == '}') throw new PlanException(File, run, key, $"'{text}' has a '}}' with no '{{' (write '}}}}' for a brace)");
            if (c != '{') { result.Append(c); continue; }
            var end = text.IndexOf('}', i + 1);
            if (end < 0) throw new PlanException(File, run, key, $"'{text}' has a '{{' with no '}}' (write '{{{{' for a brace)");
            result.Append(value(text[(i + 1)..end]));
            i = end;
        }
        return result.ToString();
    }

    private static string Known(Dictionary<string, string> values, PlanContext context) =>
        $"grid: {PlanReader.List(values.Keys)}; vars: {PlanReader.List(context.Vars.Keys)}; runs: {PlanReader.List(context.Expanded.Select(e => e.Template.Key).Distinct())}";

    private static string Describe(Dictionary<string, string> values) =>
        values.Count == 0 ? "no grid" : string.Join(", ", values.Select(kv => $"{kv.Key}={kv.Value}"));

    private static string Tidy(string value) => new([.. value.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')]);
}
