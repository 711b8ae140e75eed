using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Scripting;
using Workbench.Notebooks.Formatting;

namespace Workbench.Notebooks.Execution;

/// <summary>What every cell is compiled with: references, imports, and where <c>#r</c> and <c>#load</c> look.</summary>
internal static class ScriptSetup
{
    public static readonly string[] Imports =
    [
        "System", "System.Linq", "System.Collections.Generic", "System.IO", "System.Threading.Tasks",
        "Workbench", "Workbench.Torch", "Workbench.Nn", "Workbench.Nn.Models", "Workbench.Data",
        "Workbench.Training", "Workbench.Plotting", "Workbench.Checkpoints", "Workbench.Measurement",
        "Workbench.Pruning", "Workbench.Pruning.Criteria", "Workbench.Pruning.Selection", "Workbench.Pruning.Residual", "Workbench.Pruning.Groups", "Workbench.Graph", "Workbench.Similarity",
        "Workbench.Notebooks.Execution", "Workbench.Notebooks.Formatting",
        "Plotly.NET.CSharp", // Chart.Line, Chart.Combine, ... as Polyglot notebooks write them
        "Microsoft.DotNet.Interactive.Formatting", // Formatter, LaTeXString, MathString, as Polyglot's C# kernel imports them
    ];

    /// <summary>
    /// Run as a hidden first submission: script options take namespaces only, but a using alias or a using
    /// static in a submission carries over to every later one. PocketView's tags (div, span, table, ...) are
    /// in scope unqualified, as in Polyglot.
    /// </summary>
    public const string Prelude = "using F = Workbench.Torch.Functional;\nusing static Microsoft.DotNet.Interactive.Formatting.PocketViewTags;";

    public static ScriptOptions Options(string baseDirectory) =>
        ScriptOptions.Default
            .AddReferences(LibraryReferences())
            .AddImports(Imports)
            .WithMetadataResolver(new SharedReferences(ScriptMetadataResolver.Default.WithBaseDirectory(baseDirectory)))
            .WithSourceResolver(ScriptSourceResolver.Default.WithBaseDirectory(baseDirectory))
            // Debug information gives exceptions their cell line numbers; optimised code keeps loops fast
            // and, for statements, the same lines.
            .WithEmitDebugInformation(true)
            .WithOptimizationLevel(OptimizationLevel.Release)
            .WithAllowUnsafe(true);

    /// <summary>
    /// The workbench's assemblies and every assembly they reference, by path.
    /// </summary>
    /// <remarks>
    /// Left for Roslyn to find as missing dependencies, an assembly the library uses (System.Text.Json)
    /// became a new reference when a cell named it with #r; Roslyn then bound the library again, and a
    /// Tensor from before that cell, or from the F alias, no longer converted to a Tensor after it.
    /// </remarks>
    public static IEnumerable<string> LibraryReferences()
    {
        // The whole closure, not just the first level: Plotly.NET's own references (DynamicObj, Newtonsoft.Json)
        // left to Roslyn made the same re-binding happen after a #r.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<Assembly>([typeof(Interrupt).Assembly, typeof(NotebookFormatter).Assembly]);
        var closure = new List<Assembly>();
        while (pending.TryDequeue(out var assembly))
        {
            if (!seen.Add(assembly.FullName ?? assembly.GetName().Name!)) continue;
            closure.Add(assembly);
            foreach (var reference in assembly.GetReferencedAssemblies())
                if (TryLoad(reference) is { } loaded) pending.Enqueue(loaded);
        }
        return closure.Select(assembly => assembly.Location).Where(location => location.Length > 0).Distinct();
    }

    // A reference the runtime cannot load is left to Roslyn's own resolution, as before, rather than
    // stopping every notebook from starting.
    private static Assembly? TryLoad(AssemblyName name)
    {
        try { return Assembly.Load(name); }
        catch (IOException) { return null; }
    }

    /// <summary>The file name a cell is compiled under; tracebacks map it back to the execution count.</summary>
    public static string FileOf(int executionCount) => $"cell{executionCount}.csx";

    /// <summary>The execution count of a cell's file name, as stack frames give it (Roslyn may root it in the base directory).</summary>
    public static int? CellOf(string? path)
    {
        var file = Path.GetFileName(path);
        return file is not null && file.StartsWith("cell", StringComparison.Ordinal) && file.EndsWith(".csx", StringComparison.Ordinal)
            && int.TryParse(file.AsSpan(4, file.Length - 8), out var n) ? n : null;
    }
}
