using System.IO.Compression;
using System.Reflection;
using System.Security;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Workbench.Tests.Notebooks;

/// <summary>
/// A folder of .nupkg files made in the test, so that package tests need no network: Wb.Greeter 1.0.0 and
/// 2.0.0, Wb.Fancy 1.0.0 (which depends on Wb.Greeter), Wb.HostShared 2.0.0 and Wb.UsesShared 1.0.0 (which
/// depends on it), stand-ins named Plotly.NET 5.0.0 and 6.0.0, strong-named Wb.Signed.User and Wb.Signed.Dep, and
/// Wb.Gauge with Polyglot's formatting package it depends on, and Wb.Extra; of Wb.HostShared the tests also build an
/// older copy (<see cref="HostSharedCopy"/>) to load into the test process first, as the host would.
/// </summary>
public sealed class LocalFeed : IDisposable
{
    private readonly TempFolder folder = new();

    public LocalFeed()
    {
        Directory.CreateDirectory(Folder);
        var greeter1 = Library("Wb.Greeter", "1.0.0", "namespace WbGreeter { public static class Greeting { public static string Version => \"1.0.0\"; public static string Hello(string who) => \"hello \" + who; } }");
        var greeter2 = Library("Wb.Greeter", "2.0.0", "namespace WbGreeter { public static class Greeting { public static string Version => \"2.0.0\"; public static string Hello(string who) => \"hi \" + who; } }");
        var fancy = Library("Wb.Fancy", "1.0.0", "namespace WbFancy { public static class Fancy { public static string Shout(string who) => WbGreeter.Greeting.Hello(who).ToUpperInvariant(); } }", greeter1);
        var shared = Library("Wb.HostShared", "2.0.0", "namespace WbHostShared { public static class Shared { public static string Origin => \"package\"; } }");
        var uses = Library("Wb.UsesShared", "1.0.0", "namespace WbUsesShared { public static class Uses { public static string Via => WbHostShared.Shared.Origin; } }", shared);
        HostSharedCopy = Library("Wb.HostShared", "1.0.0", "namespace WbHostShared { public static class Shared { public static string Origin => \"host\"; public static int HostOnly => 1; } }", subfolder: "host");
        Pack("Wb.Greeter", "1.0.0", greeter1);
        Pack("Wb.Greeter", "2.0.0", greeter2);
        Pack("Wb.Fancy", "1.0.0", fancy, ("Wb.Greeter", "1.0.0"));
        Pack("Wb.HostShared", "2.0.0", shared);
        Pack("Wb.UsesShared", "1.0.0", uses, ("Wb.HostShared", "2.0.0"));
        // Loaded by no other test, so a test can add it to a session whatever ran before in this process.
        Pack("Wb.Extra", "1.0.0", Library("Wb.Extra", "1.0.0", "namespace WbExtra { public static class Extra { public static int One => 1; } }"));
        // Packages named as the workbench's own Plotly.NET (6.0.0.0): another version, and the same one.
        Pack("Plotly.NET", "5.0.0", Library("Plotly.NET", "5.0.0", "namespace WbPlotlyTwin { public static class Twin { public static string Version => \"5.0.0\"; } }"));
        Pack("Plotly.NET", "6.0.0", Library("Plotly.NET", "6.0.0", "namespace WbPlotlyTwin { public static class Twin { public static string Version => \"6.0.0\"; } }"));
        // Strong-named, as System.Numerics.Tensors: Wb.Signed.User was built against Wb.Signed.Dep 1.0.0.0, and
        // its package depends on Wb.Signed.Dep 1.0.4, whose assembly is 1.0.0.4 (a patch keeps the major.minor).
        var key = KeyFile();
        var depBuiltAgainst = Library("Wb.Signed.Dep", "1.0.0", "namespace WbSignedDep { public static class Dep { public static string Version => \"1.0.0.0\"; } }", subfolder: "signed-1.0.0.0", keyFile: key);
        var depPatched = Library("Wb.Signed.Dep", "1.0.0", "namespace WbSignedDep { public static class Dep { public static string Version => \"1.0.0.4\"; } }", subfolder: "signed-1.0.0.4", keyFile: key, assemblyVersion: "1.0.0.4");
        var user = Library("Wb.Signed.User", "1.0.0", "namespace WbSignedUser { public static class User { public static string DepVersion() => WbSignedDep.Dep.Version; } }", depBuiltAgainst, keyFile: key);
        Pack("Wb.Signed.Dep", "1.0.4", depPatched);
        Pack("Wb.Signed.User", "1.0.0", user, ("Wb.Signed.Dep", "1.0.4"));
        // A kernel-extension-like package compiled against Polyglot's formatting package, which it depends on (copied
        // into the feed from the packages folder the build restored it into, with its dependencies that net10 does not prune).
        var formatting = typeof(Microsoft.DotNet.Interactive.Formatting.Formatter).Assembly;
        var gauge = Library("Wb.Gauge", "1.0.0", """
            namespace WbGauge
            {
                public sealed record Gauge(double Level);
                public static class GaugeFormatting
                {
                    public static void Register() => Microsoft.DotNet.Interactive.Formatting.Formatter.Register<Gauge>(g => $"<meter value=\"{g.Level}\"></meter>", "text/html");
                }
            }
            """, formatting.Location);
        var formattingVersion = formatting.GetCustomAttribute<System.Reflection.AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];
        CopyFromPackagesFolder("Microsoft.DotNet.Interactive.Formatting", formattingVersion);
        CopyFromPackagesFolder("Microsoft.AspNetCore.Html.Abstractions", "2.3.0");
        CopyFromPackagesFolder("Microsoft.Bcl.AsyncInterfaces", "10.0.0");
        Pack("Wb.Gauge", "1.0.0", gauge, ("Microsoft.DotNet.Interactive.Formatting", formattingVersion));
    }

    private void CopyFromPackagesFolder(string id, string version)
    {
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } set
            ? set : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var name = $"{id}.{version}.nupkg".ToLowerInvariant();
        File.Copy(Path.Combine(packages, id.ToLowerInvariant(), version, name), Path.Combine(Folder, name));
    }

    /// <summary>The package source: a folder of .nupkg files.</summary>
    public string Folder => folder["feed"];

    /// <summary>Wb.HostShared.dll version 1.0.0.0, older than the package's 2.0.0.0, with a member only it has.</summary>
    public string HostSharedCopy { get; }

    public void Dispose() => folder.Dispose();

    private string Library(string name, string version, string source, string? reference = null, string? subfolder = null, string? keyFile = null, string? assemblyVersion = null)
    {
        var path = folder[Path.Combine("build", subfolder ?? version, name + ".dll")];
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Concat(reference is null ? [] : [reference])
            .Select(file => MetadataReference.CreateFromFile(file));
        var versioned = $"[assembly: System.Reflection.AssemblyVersion(\"{assemblyVersion ?? version + ".0"}\")]\n{source}";
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary);
        if (keyFile is not null) options = options.WithCryptoKeyFile(keyFile).WithStrongNameProvider(new DesktopStrongNameProvider());
        var compilation = CSharpCompilation.Create(name, [CSharpSyntaxTree.ParseText(versioned)], references, options);
        var emitted = compilation.Emit(path);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return path;
    }

    /// <summary>A strong-name key pair (.snk) made for this feed.</summary>
    private string KeyFile()
    {
        using var rsa = new System.Security.Cryptography.RSACryptoServiceProvider(1024);
        var path = folder["build/key.snk"];
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, rsa.ExportCspBlob(includePrivateParameters: true));
        return path;
    }

    private void Pack(string id, string version, string assembly, params (string Id, string Version)[] dependencies)
    {
        using var zip = ZipFile.Open(Path.Combine(Folder, $"{id}.{version}.nupkg"), ZipArchiveMode.Create);
        using (var nuspec = new StreamWriter(zip.CreateEntry($"{id}.nuspec").Open()))
            nuspec.Write(Nuspec(id, version, dependencies));
        zip.CreateEntryFromFile(assembly, $"lib/net10.0/{id}.dll");
    }

    private static string Nuspec(string id, string version, (string Id, string Version)[] dependencies) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
          <metadata>
            <id>{SecurityElement.Escape(id)}</id>
            <version>{version}</version>
            <authors>workbench tests</authors>
            <description>A package made by the workbench's tests.</description>
            <dependencies>
              <group targetFramework="net10.0">
                {string.Concat(dependencies.Select(d => $"<dependency id=\"{d.Id}\" version=\"{d.Version}\" />"))}
              </group>
            </dependencies>
          </metadata>
        </package>
        """;
}
