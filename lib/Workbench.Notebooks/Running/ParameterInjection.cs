using System.Text;
using Workbench.Notebooks.Ipynb;

namespace Workbench.Notebooks.Running;

/// <summary>
/// Papermill's convention: the cell tagged "parameters" holds the defaults, and overrides go in a new cell
/// tagged "injected-parameters" right after it (replacing one a previous run injected), so the executed
/// notebook shows exactly what ran. Every name is checked before anything runs.
/// </summary>
public static class ParameterInjection
{
    public const string ParametersTag = "parameters";
    public const string InjectedTag = "injected-parameters";

    /// <summary>Adds the injected cell; with no overrides the notebook is left as it is.</summary>
    /// <param name="name">the notebook's file, for error messages</param>
    public static NotebookCell? Apply(Notebook notebook, IReadOnlyDictionary<string, string> overrides, string name)
    {
        if (overrides.Count == 0) return null;
        var parameters = notebook.Cells.FirstOrDefault(c => c.IsCode && c.Tags.Contains(ParametersTag))
            ?? throw new ArgumentException($"'{name}' has no code cell tagged '{ParametersTag}', so it takes no parameters (given: {string.Join(", ", overrides.Keys)})");
        var declared = ParameterDeclarations.Parse(parameters.Source);
        foreach (var key in overrides.Keys.Where(k => !declared.ContainsKey(k)))
            throw new ArgumentException($"unknown parameter '{key}': the parameters cell of '{name}' declares {(declared.Count == 0 ? "nothing" : string.Join(", ", declared.Keys))}");
        var code = new StringBuilder("// Parameters injected by workbench run\n");
        foreach (var (key, value) in overrides) code.Append($"{key} = {ParameterValues.ToCSharp(key, declared[key], value)};\n");
        foreach (var old in notebook.Cells.Where(c => c.Tags.Contains(InjectedTag)).ToList()) notebook.RemoveCell(old);
        var at = notebook.Cells.ToList().IndexOf(parameters) + 1;
        return notebook.InsertCodeCell(at, code.ToString().TrimEnd('\n'), InjectedTag);
    }

    /// <summary>Splits "name=value" arguments; the value may itself contain '='.</summary>
    public static IReadOnlyDictionary<string, string> ParseAssignments(IEnumerable<string> assignments)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var assignment in assignments)
        {
            var equals = assignment.IndexOf('=');
            if (equals <= 0) throw new ArgumentException($"parameter '{assignment}' must be name=value");
            result[assignment[..equals].Trim()] = assignment[(equals + 1)..];
        }
        return result;
    }
}
