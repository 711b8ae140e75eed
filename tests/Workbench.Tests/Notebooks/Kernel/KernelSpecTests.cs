using Workbench.Tests.Reference;
using System.Text.Json.Nodes;
using Workbench.Notebooks.Kernel;

namespace Workbench.Tests.Notebooks.Kernel;

/// <summary>The kernelspec Jupyter reads to list and launch the kernel.</summary>
public sealed class KernelSpecTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void InstallWritesKernelJsonUnderKernelsCsharpWorkbench()
    {
        var installed = KernelSpec.Install(KernelSpec.PrefixDataDirectory(folder.Path), ["/usr/bin/dotnet", "/opt/wb/Workbench.Cli.dll", "kernel"]);
        Assert.Equal(folder["share/jupyter/kernels/csharp-workbench"], installed);

        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(installed, "kernel.json")))!.AsObject();
        Assert.Equal(["/usr/bin/dotnet", "/opt/wb/Workbench.Cli.dll", "kernel", "-f", "{connection_file}"], json["argv"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal("C# (Workbench)", json["display_name"]!.GetValue<string>());
        Assert.Equal("csharp", json["language"]!.GetValue<string>());
        Assert.Equal("message", json["interrupt_mode"]!.GetValue<string>());
        Assert.Empty(json["metadata"]!.AsObject());
    }

    [Fact]
    public void ReinstallingReplacesTheSpec()
    {
        var data = folder["data"];
        KernelSpec.Install(data, ["old"]);
        var installed = KernelSpec.Install(data, ["new"]);
        Assert.Contains("\"new\"", File.ReadAllText(Path.Combine(installed, "kernel.json")));
        Assert.DoesNotContain("\"old\"", File.ReadAllText(Path.Combine(installed, "kernel.json")));
    }

    [Fact]
    public void JupyterListsTheInstalledSpec()
    {
        KernelSpec.Install(folder["data"], ["dotnet", "Workbench.Cli.dll", "kernel"]);
        var output = SystemPython.Run("""
            import json
            from jupyter_client.kernelspec import KernelSpecManager
            m = KernelSpecManager(data_dir=DATA, kernel_dirs=[DATA + "/kernels"])
            spec = m.get_kernel_spec("csharp-workbench")
            print(json.dumps({"name": spec.display_name, "language": spec.language, "interrupt_mode": spec.interrupt_mode, "argv": spec.argv}))
            """.Replace("DATA", "'" + folder["data"] + "'"));
        var json = JsonNode.Parse(output)!;
        Assert.Equal("C# (Workbench)", json["name"]!.GetValue<string>());
        Assert.Equal("message", json["interrupt_mode"]!.GetValue<string>());
        Assert.Equal("{connection_file}", json["argv"]![4]!.GetValue<string>());
    }
}
