using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Workbench.Tests.Notebooks;

/// <summary>A researcher's own .dll built against the workbench, as a notebook would #r it.</summary>
internal static class UserLibrary
{
    private const string Source =
        "public static class UserLibrary { public static Workbench.Torch.Tensor Doubled(Workbench.Torch.Tensor t) => t.Add(t); }";

    /// <summary>Compiles the library to <paramref name="path"/> and returns the path.</summary>
    public static string Build(string path)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Select(file => MetadataReference.CreateFromFile(file));
        var compilation = CSharpCompilation.Create("UserLibrary", [CSharpSyntaxTree.ParseText(Source)], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var emitted = compilation.Emit(path);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return path;
    }
}
