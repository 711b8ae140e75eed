using System.Text.Json;
using Workbench.Notebooks.Execution;

namespace Workbench.Tests.Notebooks;

[Collection(NotebookCollection.Name)]
public sealed class SessionExecutionTests(SharedSession shared)
{
    [Fact]
    public async Task StateCarriesFromCellToCell()
    {
        (await shared.Run("var carried = 20;\nint Twice(int x) => 2 * x;")).Outcome.AssertOk();
        var (outcome, _) = await shared.Run("Twice(carried) + 2");
        Assert.Equal("42", outcome.Text());
    }

    [Fact]
    public async Task ATrailingExpressionIsTheResultAndStatementsHaveNone()
    {
        Assert.Equal("hello", (await shared.Run("\"hel\" + \"lo\"")).Outcome.Text());
        var statement = (await shared.Run("var unused = 1;")).Outcome;
        statement.AssertOk();
        Assert.Null(statement.Result);
        Assert.Null((await shared.Run("Console.Write(\"\")")).Outcome.Result); // void
        Assert.Null((await shared.Run("(string?)null")).Outcome.Result);
    }

    [Fact]
    public async Task ExecutionCountsGrowByOnePerCellEvenOnError()
    {
        var before = shared.Session.ExecutionCount;
        var first = (await shared.Run("1")).Outcome;
        var failed = (await shared.Run("throw new Exception(\"x\");")).Outcome;
        var broken = (await shared.Run("this is not C#")).Outcome;
        Assert.Equal([before + 1, before + 2, before + 3], new[] { first.ExecutionCount, failed.ExecutionCount, broken.ExecutionCount });
        Assert.Equal(before + 3, shared.Session.ExecutionCount);
    }

    [Fact]
    public async Task ConsoleOutputBecomesStreamsIncludingFromOtherThreads()
    {
        var (outcome, sink) = await shared.Run("""
            Console.WriteLine("out line");
            Console.Error.WriteLine("err line");
            await Task.Run(() => Console.WriteLine("from the pool"));
            var t = new System.Threading.Thread(() => Console.WriteLine("from a thread"));
            t.Start(); t.Join();
            Console.Write("no newline");
            """);
        outcome.AssertOk();
        Assert.Equal("out line\nfrom the pool\nfrom a thread\nno newline", sink.Text().Replace("\r", ""));
        Assert.Equal("err line\n", sink.Text("stderr").Replace("\r", ""));
    }

    [Fact]
    public async Task DisplayShowsNowAndItsHandleUpdatesInPlace()
    {
        var (outcome, sink) = await shared.Run("var shown = display(\"first\");\nshown.Update(\"second\");\nDisplay(3);\nshown");
        outcome.AssertOk();
        Assert.Null(outcome.Result); // the handle is not a result
        var events = sink.Events;
        Assert.Equal(["display", "update", "display"], events.Select(e => e.Kind));
        Assert.Equal("first", events[0].Bundle!.Data["text/plain"]);
        Assert.Equal(events[0].Name, events[1].Name);
        Assert.Equal("second", events[1].Bundle!.Data["text/plain"]);
        Assert.Equal("3", events[2].Bundle!.Data["text/plain"]);
        // The handle still works from a later cell.
        var (_, later) = await shared.Run("shown.Update(\"third\");");
        Assert.Equal(("update", events[0].Name), (later.Events.Single().Kind, later.Events.Single().Name));
    }

    [Fact]
    public async Task TheCSharpMarkerIsAcceptedAndKeepsLineNumbers()
    {
        Assert.Equal("5", (await shared.Run("#!csharp\n2 + 3")).Outcome.Text());
        var error = (await shared.Run("#!csharp\nvar marker = 1;\nthrow new InvalidOperationException(\"third\");")).Outcome.Error!;
        Assert.Contains(error.Traceback, line => line.Contains("line 3"));
    }

    [Theory]
    [InlineData("#!fsharp\nlet x = 1")]
    [InlineData("%time\n1")]
    [InlineData("#!pwsh\nls")]
    public async Task OtherMagicsAreRefusedClearly(string cell)
    {
        var error = (await shared.Run(cell)).Outcome.Error!;
        Assert.Equal("NotSupported", error.Name);
        Assert.Contains("not supported", error.Message);
        Assert.Contains(cell.Split('\n')[0], error.Message);
    }

    [Fact]
    public async Task HashRReferencesAnAssemblyOnDisk()
    {
        var path = typeof(JsonSerializer).Assembly.Location;
        var (outcome, _) = await shared.Run($"#r \"{path}\"\nSystem.Text.Json.JsonSerializer.Serialize(new[] {{ 1, 2 }})");
        Assert.Equal("[1,2]", outcome.Text());
    }

    [Fact]
    public async Task HashRResolvesRelativeToTheBaseDirectory()
    {
        using var folder = new TempFolder();
        File.Copy(typeof(JsonSerializer).Assembly.Location, folder["Copied.Json.dll"]);
        using var session = new CSharpSession(folder.Path);
        var outcome = await session.ExecuteAsync("#r \"Copied.Json.dll\"\ntypeof(System.Text.Json.JsonDocument).Name", new RecordingSink(), TestContext.Current.CancellationToken);
        Assert.Equal("JsonDocument", outcome.Text());
    }

    [Theory]
    [InlineData("a library the workbench uses")]
    [InlineData("a library the workbench does not use")]
    [InlineData("the user's library built on the workbench")]
    public async Task ValuesAndUsingsFromBeforeAHashRStillWorkAfterIt(string library)
    {
        // A #r makes Roslyn bind the references anew: a Tensor made before it, the F alias and a using static
        // once reached another copy of the library ("cannot convert from Tensor to Tensor").
        using var folder = new TempFolder();
        var path = library switch
        {
            "a library the workbench uses" => typeof(JsonSerializer).Assembly.Location,
            "a library the workbench does not use" => typeof(System.Xml.Linq.XDocument).Assembly.Location,
            _ => UserLibrary.Build(folder["UserLibrary.dll"]),
        };
        using var session = new CSharpSession();
        async Task<CellOutcome> Run(string code) => await session.ExecuteAsync(code, new RecordingSink(), TestContext.Current.CancellationToken);
        (await Run("using static Workbench.Torch.Functional;\nvar before = Tensor.Ones(2);")).AssertOk();
        (await Run($"#r \"{path}\"")).AssertOk();
        Assert.StartsWith("Tensor[2]", (await Run("F.Relu(Tensor.Ones(2))")).Text());
        Assert.StartsWith("Tensor[2]", (await Run("Relu(Tensor.Ones(2))")).Text());
        Assert.StartsWith("Tensor[2]", (await Run("F.Relu(before)")).Text());
        Assert.Equal("2 2", (await Run("string.Join(' ', before.Add(Tensor.Ones(2)).ToArray<float>())")).Text());
        if (path.EndsWith("UserLibrary.dll"))
            Assert.Equal("2 2", (await Run("string.Join(' ', UserLibrary.Doubled(before).ToArray<float>())")).Text());
    }

    [Fact]
    public async Task TheWorkbenchLibraryAndTheFunctionalAliasAreThere()
    {
        Assert.Equal("Tensor[] Float32 cpu (4)", (await shared.Run("Tensor.Ones(2, 2).Sum()")).Outcome.Text());
        Assert.StartsWith("Tensor[2]", (await shared.Run("F.Relu(Tensor.Ones(2))")).Outcome.Text());
        (await shared.Run("Interrupt.ThrowIfRequested(); var noGrad = typeof(Autograd); var net = typeof(ConvNet);")).Outcome.AssertOk();
    }
}
