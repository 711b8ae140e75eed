namespace Workbench.Tests.Notebooks;

[Collection(NotebookCollection.Name)]
public sealed class SessionErrorTests(SharedSession shared)
{
    [Fact]
    public async Task AnExceptionGivesItsTypeMessageAndTheCellLine()
    {
        var outcome = (await shared.Run("var a = 1;\n\nvar zero = 0;\nvar b = a / zero;\nConsole.WriteLine(b);")).Outcome;
        var error = outcome.Error!;
        Assert.Equal("DivideByZeroException", error.Name);
        Assert.Equal("Attempted to divide by zero.", error.Message);
        Assert.Equal("DivideByZeroException: Attempted to divide by zero.", error.Traceback[0]);
        Assert.Contains($"   Cell In[{outcome.ExecutionCount}], line 4", error.Traceback);
    }

    [Fact]
    public async Task AnExceptionAfterAnAwaitStillNamesTheCellLine()
    {
        var outcome = (await shared.Run("await Task.Delay(1);\nvar late = 2;\nthrow new TimeoutException(\"late\");")).Outcome;
        Assert.Equal("TimeoutException", outcome.Error!.Name);
        Assert.Contains($"   Cell In[{outcome.ExecutionCount}], line 3", outcome.Error.Traceback);
    }

    [Fact]
    public async Task AFrameInAMethodFromAnEarlierCellNamesThatCellAndLine()
    {
        var definition = (await shared.Run("void Fails(string why)\n{\n    if (why.Length > 0)\n        throw new ArgumentException(why);\n}")).Outcome;
        var call = (await shared.Run("// a comment\nFails(\"because\");")).Outcome;
        var traceback = call.Error!.Traceback;
        Assert.Equal("ArgumentException", call.Error.Name);
        Assert.Equal($"   Cell In[{definition.ExecutionCount}], line 4, in Fails()", traceback[1]);
        Assert.Equal($"   Cell In[{call.ExecutionCount}], line 2", traceback[2]);
    }

    [Fact]
    public async Task AnExceptionInsideTheLibraryKeepsItsFramesAndTheCellLine()
    {
        var outcome = (await shared.Run("var m = Tensor.Ones(2, 3);\nvar bad = m.MatMul(m);")).Outcome;
        Assert.Equal("TorchException", outcome.Error!.Name);
        Assert.Contains(outcome.Error.Traceback, line => line.StartsWith("   at Workbench.Torch.", StringComparison.Ordinal));
        Assert.Equal($"   Cell In[{outcome.ExecutionCount}], line 2", outcome.Error.Traceback[^1]);
    }

    [Fact]
    public async Task CompileErrorsListLineColumnAndCode()
    {
        var error = (await shared.Run("var fine = 1;\nvar x = undefinedName + 1;\nint y = \"text\";")).Outcome.Error!;
        Assert.Equal("CompilationError", error.Name);
        Assert.Equal(2, error.Traceback.Count);
        Assert.StartsWith("(2,9): error CS0103: The name 'undefinedName' does not exist", error.Traceback[0]);
        Assert.StartsWith("(3,9): error CS0029:", error.Traceback[1]);
        Assert.Contains("CS0103", error.Message);
    }

    [Fact]
    public async Task AfterAFailureTheSessionGoesOnWithWhatRanBeforeTheThrow()
    {
        Assert.Equal("Exception", (await shared.Run("var beforeThrow = 7;\nthrow new Exception(\"stop\");")).Outcome.Error!.Name);
        Assert.Equal("8", (await shared.Run("beforeThrow + 1")).Outcome.Text());
        Assert.Equal("CompilationError", (await shared.Run("var neverDeclared = ;")).Outcome.Error!.Name);
        Assert.Equal("9", (await shared.Run("beforeThrow + 2")).Outcome.Text());
    }
}
