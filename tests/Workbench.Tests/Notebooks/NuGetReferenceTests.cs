using System.Reflection;
using Workbench.Notebooks.Execution;
using Workbench.Notebooks.Packages;

namespace Workbench.Tests.Notebooks;

/// <summary>
/// <c>#r "nuget:..."</c> and <c>#i "nuget:..."</c> against a local feed the tests make, with a nuget.config
/// that clears every other source and a packages folder of the test's own: no network, and the user's
/// NuGet cache untouched.
/// </summary>
[Collection(NotebookCollection.Name)]
public sealed class NuGetReferenceTests(LocalFeed feed) : IClassFixture<LocalFeed>, IDisposable
{
    private readonly TempFolder scratch = new();

    public void Dispose() => scratch.Dispose();

    [Fact]
    public async Task AVersionedPackageIsRestoredAndItsTypesAreThere()
    {
        using var session = Session();
        var (outcome, _) = await Run(session, "#r \"nuget: Wb.Greeter, 1.0.0\"\nWbGreeter.Greeting.Version + \" \" + WbGreeter.Greeting.Hello(\"you\")");
        Assert.Equal("1.0.0 hello you", outcome.Text());
        // The package line is blanked, not removed: later lines keep their numbers.
        var error = (await Run(session, "#r \"nuget: Wb.Greeter, 1.0.0\"\nthrow new InvalidOperationException(WbGreeter.Greeting.Version);")).Outcome.Error!;
        Assert.Equal("1.0.0", error.Message);
        Assert.Contains(error.Traceback, line => line.Contains("line 2"));
    }

    [Fact]
    public async Task APackageWithoutAVersionGetsTheNewestStable()
    {
        using var session = Session();
        Assert.Equal("2.0.0", (await Run(session, "#r \"nuget: Wb.Greeter\"\nWbGreeter.Greeting.Version")).Outcome.Text());
    }

    [Fact]
    public async Task APackagesDependencyIsRestoredAndLoadsToo()
    {
        using var session = Session();
        // Shout calls into Wb.Greeter, which the cell never names: it loads as the package's dependency.
        Assert.Equal("HELLO YOU", (await Run(session, "#r \"nuget: Wb.Fancy, 1.0.0\"\nWbFancy.Fancy.Shout(\"you\")")).Outcome.Text());
        Assert.Equal("1.0.0", (await Run(session, "WbGreeter.Greeting.Version")).Outcome.Text());
    }

    [Fact]
    public async Task AnUnknownPackageFailsNamingItWithoutCompiling()
    {
        using var session = Session();
        var (outcome, sink) = await Run(session, "#r \"nuget: Wb.Nowhere, 1.0.0\"\nConsole.WriteLine(\"ran\");");
        var error = outcome.Error!;
        Assert.Equal("PackageRestoreFailed", error.Name);
        Assert.Contains("package Wb.Nowhere 1.0.0", error.Message);
        Assert.Contains("NU1101", error.Message);
        Assert.DoesNotContain("CS0006", error.Message);
        Assert.Equal("", sink.Text());
        // A failed restore leaves the session usable and its earlier packages in place.
        Assert.Equal("1.0.0", (await Run(session, "#r \"nuget: Wb.Greeter, 1.0.0\"\nWbGreeter.Greeting.Version")).Outcome.Text());
    }

    [Fact]
    public async Task AnUnknownVersionFailsNamingThePackageAndVersion()
    {
        using var session = Session();
        var error = (await Run(session, "#r \"nuget: Wb.Greeter, 9.0.0\"\n1")).Outcome.Error!;
        Assert.Equal("PackageRestoreFailed", error.Name);
        Assert.Contains("package Wb.Greeter 9.0.0", error.Message);
        Assert.Contains("NU1102", error.Message);
    }

    [Fact]
    public async Task RerunningACellDoesNotRestoreAgainNorDoesANewSessionWithTheSamePackages()
    {
        const string Cell = "#r \"nuget: Wb.Greeter, 2.0.0\"\nWbGreeter.Greeting.Version";
        using (var session = Session())
        {
            Assert.Equal("2.0.0", (await Run(session, Cell)).Outcome.Text());
            Assert.Equal("2.0.0", (await Run(session, Cell)).Outcome.Text());
            Assert.Equal(1, session.Packages.Restorer.Restores);
        }
        using var next = Session();
        Assert.Equal("2.0.0", (await Run(next, Cell)).Outcome.Text());
        Assert.Equal(0, next.Packages.Restorer.Restores);
        // A new package is restored with the earlier ones.
        (await Run(next, "#r \"nuget: Wb.Extra, 1.0.0\"")).Outcome.AssertOk();
        Assert.Equal(1, next.Packages.Restorer.Restores);
    }

    [Fact]
    public async Task AnAssemblyTheHostAlreadyLoadedIsUsedInsteadOfThePackagesCopy()
    {
        // As FSharp.Core for Plotly.NET: the host has 1.0.0.0 loaded; Wb.UsesShared was built against 2.0.0.0.
        var host = Assembly.LoadFrom(feed.HostSharedCopy);
        using var session = Session();
        // HostOnly compiles only against the host's copy; Via runs the package's code, which asks for 2.0.0.0.
        var cell = "#r \"nuget: Wb.UsesShared, 1.0.0\"\n$\"{WbHostShared.Shared.Origin} {WbHostShared.Shared.HostOnly} {WbUsesShared.Uses.Via} {typeof(WbHostShared.Shared).Assembly.Location}\"";
        var (outcome, sink) = await Run(session, cell);
        Assert.Equal($"host 1 host {host.Location}", outcome.Text());
        Assert.Single(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name == "Wb.HostShared");
        Assert.Contains("Wb.HostShared 2.0.0.0 (package Wb.HostShared 2.0.0) is newer than the host's 1.0.0.0", sink.Text("stderr"));
    }

    [Fact]
    public async Task APinnedVersionOtherThanTheWorkbenchsOwnFailsNamingBothVersions()
    {
        using var session = Session();
        // Before: the cell ran, silently on the workbench's Plotly.NET 6.0.0.0.
        var (outcome, sink) = await Run(session, "#r \"nuget: Plotly.NET, 5.0.0\"\nConsole.WriteLine(\"ran\");");
        var error = outcome.Error!;
        Assert.Equal("PackageRestoreFailed", error.Name);
        Assert.Contains("package Plotly.NET 5.0.0 cannot be loaded", error.Message);
        Assert.Contains("version 5.0.0.0", error.Message);
        Assert.Contains("Plotly.NET 6.0.0.0 (the workbench's own", error.Message);
        Assert.Equal("", sink.Text());
        // The session goes on, and the version the workbench has loads.
        var same = await Run(session, "#r \"nuget: Plotly.NET, 6.0.0\"\ntypeof(Plotly.NET.GenericChart).Assembly.Location");
        Assert.Equal(typeof(Plotly.NET.GenericChart).Assembly.Location, same.Outcome.Text());
    }

    [Fact]
    public async Task APinnedVersionOtherThanTheHostsLoadedCopyFailsNamingBothVersions()
    {
        Assembly.LoadFrom(feed.HostSharedCopy);
        using var session = Session();
        var error = (await Run(session, "#r \"nuget: Wb.HostShared, 2.0.0\"\n1")).Outcome.Error!;
        Assert.Equal("PackageRestoreFailed", error.Name);
        Assert.Contains("package Wb.HostShared 2.0.0 cannot be loaded: its Wb.HostShared.dll is version 2.0.0.0", error.Message);
        Assert.Contains("Wb.HostShared 1.0.0.0 (the host's", error.Message);
    }

    [Fact]
    public async Task AReferenceIsSatisfiedByAHigherRevisionOfTheSameStrongNamedAssembly()
    {
        using var session = Session();
        // Wb.Signed.User asks for Wb.Signed.Dep 1.0.0.0; the restore brought 1.0.0.4, which .NET binds to it.
        var (outcome, _) = await Run(session, "#r \"nuget: Wb.Signed.User, 1.0.0\"\nWbSignedUser.User.DepVersion()");
        Assert.Equal("1.0.0.4", outcome.Text());
        // A cell naming the dependency itself gets the same copy: the process holds one.
        Assert.Equal("1.0.0.4", (await Run(session, "WbSignedDep.Dep.Version")).Outcome.Text());
        Assert.Single(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name == "Wb.Signed.Dep");
    }

    [Fact]
    public async Task APackagesFormatterRegistrationIsWhatShows()
    {
        // As Plotly.NET.Interactive or the DataFrame extension: a package compiled against Polyglot's formatting
        // package registers a formatter; the package's reference binds to the workbench's copy, so it shows.
        using var session = Session();
        try
        {
            var (outcome, _) = await Run(session, "#r \"nuget: Wb.Gauge, 1.0.0\"\nWbGauge.GaugeFormatting.Register();\nnew WbGauge.Gauge(0.5)");
            outcome.AssertOk();
            Assert.Equal("<meter value=\"0.5\"></meter>", outcome.Result!.Data["text/html"]);
            var (_, sink) = await Run(session, "new WbGauge.Gauge(0.25).Display();");
            Assert.Equal("<meter value=\"0.25\"></meter>", sink.Events.Single().Bundle!.Data["text/html"]);
            Assert.Single(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name == "Microsoft.DotNet.Interactive.Formatting");
        }
        finally
        {
            Microsoft.DotNet.Interactive.Formatting.Formatter.ResetToDefault();
        }
    }

    [Fact]
    public async Task EachAssemblyIsReferencedOncePerSession()
    {
        using var session = Session();
        (await Run(session, "#r \"nuget: Wb.Fancy, 1.0.0\"")).Outcome.AssertOk();
        // Restored again with Wb.Fancy, the newest Wb.Greeter is 2.0.0, but the session keeps the 1.0.0 it has.
        var (outcome, sink) = await Run(session, "#r \"nuget: Wb.Greeter\"\nWbGreeter.Greeting.Version");
        Assert.Equal("1.0.0", outcome.Text());
        Assert.Contains("Wb.Greeter 2.0.0", sink.Text("stderr"));
        var greeters = AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name == "Wb.Greeter").Select(a => a.Location);
        // Other tests' sessions load their own Wb.Greeter 2.0.0 from their own folders.
        Assert.DoesNotContain(greeters, location => location.StartsWith(scratch.Path) && location.Contains(Path.Combine("wb.greeter", "2.0.0")));
    }

    [Fact]
    public async Task HashISourceAddsAPackageSourceRelativeToTheNotebook()
    {
        using var session = Session(sources: [], baseDirectory: Path.GetDirectoryName(feed.Folder));
        var (outcome, _) = await Run(session, "#i \"nuget: feed\"\n#r \"nuget: Wb.Greeter, 1.0.0\"\nWbGreeter.Greeting.Version");
        Assert.Equal("1.0.0", outcome.Text());
    }

    [Fact]
    public async Task WithoutASourceTheNewestVersionInTheLocalCacheIsUsed()
    {
        using (var online = Session())
            (await Run(online, "#r \"nuget: Wb.Greeter, 2.0.0\"")).Outcome.AssertOk();
        using var offline = Session(sources: [], cache: "offline-cache");
        var (outcome, sink) = await Run(offline, "#r \"nuget: Wb.Greeter\"\nWbGreeter.Greeting.Version");
        Assert.Equal("2.0.0", outcome.Text());
        Assert.Contains("local package cache", sink.Text("stderr"));
    }

    [Fact]
    public async Task AMalformedPackageLineIsRefusedClearly()
    {
        using var session = Session();
        var error = (await Run(session, "1;\n#r \"nuget: Wb.Greeter, 1.0.0, extra\"")).Outcome.Error!;
        Assert.Equal("BadPackageDirective", error.Name);
        Assert.Contains("line 2", error.Message);
        Assert.Contains("Wb.Greeter, 1.0.0, extra", error.Message);
    }

    [Fact]
    public async Task AHashISourceFolderThatDoesNotExistIsRefusedNamingIt()
    {
        using var session = Session(baseDirectory: scratch.Path);
        var error = (await Run(session, "#i \"nuget: no-such-feed\"\n1")).Outcome.Error!;
        Assert.Equal("BadPackageDirective", error.Name);
        Assert.Equal($"line 1: '#i \"nuget: no-such-feed\"': the package source folder '{scratch["no-such-feed"]}' does not exist", error.Message);
    }

    /// <summary>A session whose NuGet sees only <paramref name="sources"/> (the local feed unless given) and this test's folders.</summary>
    private CSharpSession Session(string[]? sources = null, string? baseDirectory = null, string cache = "cache")
    {
        // Named by its sources: the same settings find the same cached restores.
        var config = scratch[sources is null ? "nuget-feed.config" : $"nuget-{sources.Length}.config"];
        var added = string.Concat((sources ?? [feed.Folder]).Select((s, i) => $"<add key=\"local{i}\" value=\"{s}\" />"));
        File.WriteAllText(config, $"<configuration><packageSources><clear />{added}</packageSources><fallbackPackageFolders><clear /></fallbackPackageFolders></configuration>");
        return new CSharpSession(baseDirectory, packageSettings: new PackageSettings(scratch[cache], config, scratch["packages"]));
    }

    private static async Task<(CellOutcome Outcome, RecordingSink Sink)> Run(CSharpSession session, string code)
    {
        var sink = new RecordingSink();
        return (await session.ExecuteAsync(code, sink, TestContext.Current.CancellationToken), sink);
    }
}
