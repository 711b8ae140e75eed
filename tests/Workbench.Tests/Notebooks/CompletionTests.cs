using Workbench.Notebooks.Execution;

namespace Workbench.Tests.Notebooks;

[Collection(NotebookCollection.Name)]
public sealed class CompletionTests(SharedSession shared)
{
    [Theory]
    [InlineData("var x = 1;", CodeCompleteness.Complete)]
    [InlineData("x", CodeCompleteness.Complete)]
    [InlineData("", CodeCompleteness.Complete)]
    [InlineData("for (int i = 0; i < 3; i++) {", CodeCompleteness.Incomplete)]
    [InlineData("var x = 1 +", CodeCompleteness.Incomplete)]
    [InlineData("int )", CodeCompleteness.Invalid)]
    [InlineData("#!csharp\nvar y = 2;", CodeCompleteness.Complete)]
    public async Task IsCompleteFollowsTheSyntax(string code, CodeCompleteness expected) =>
        Assert.Equal(expected, await shared.Session.IsCompleteAsync(code));

    [Fact]
    public async Task MembersOfATypeAfterADot()
    {
        var completion = await shared.Session.CompleteAsync("var m = Math.Ma", 15);
        Assert.Contains("Max", completion.Matches);
        Assert.Contains("MaxMagnitude", completion.Matches);
        Assert.DoesNotContain("Min", completion.Matches);
        Assert.Equal((13, 15), (completion.CursorStart, completion.CursorEnd));
    }

    [Fact]
    public async Task MembersOfAValueIncludeExtensionMethodsButNotStatics()
    {
        var length = await shared.Session.CompleteAsync("\"abc\".Len", 9);
        Assert.Equal(["Length"], length.Matches);
        var all = await shared.Session.CompleteAsync("new List<int>().", 16);
        Assert.Contains("Count", all.Matches);
        Assert.Contains("Select", all.Matches); // System.Linq is imported
        Assert.DoesNotContain("ReferenceEquals", all.Matches);
        Assert.Equal(16, all.CursorStart);
    }

    [Fact]
    public async Task NamesInScopeIncludeEarlierCellsAndDisplay()
    {
        (await shared.Run("var completionTarget = 3;")).Outcome.AssertOk();
        var completion = await shared.Session.CompleteAsync("var q = complet", 15);
        Assert.Contains("completionTarget", completion.Matches);
        Assert.Contains("display", (await shared.Session.CompleteAsync("disp", 4)).Matches);
        Assert.Contains("Tensor", (await shared.Session.CompleteAsync("Tens", 4)).Matches);
    }

    [Fact]
    public async Task NamespacesCompleteToTheirContents()
    {
        var completion = await shared.Session.CompleteAsync("System.Collections.Gen", 22);
        Assert.Equal(["Generic"], completion.Matches);
    }
}
