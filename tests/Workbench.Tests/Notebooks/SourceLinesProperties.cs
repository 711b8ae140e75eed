using FsCheck;
using FsCheck.Fluent;
using Workbench.Notebooks.Ipynb;

namespace Workbench.Tests.Notebooks;

public sealed class SourceLinesProperties
{
    // Text made mostly of line breaks of every kind Python knows, so splits are exercised hard.
    private static readonly Gen<string> Texts =
        Gen.Elements('a', 'b', ' ', '\n', '\r', '\v', '\f', '\u2028', '\x85', 'é')
            .ArrayOf().Select(chars => new string(chars));

    [Fact]
    public void JoiningTheSplitLinesGivesTheTextBack() =>
        Prop.ForAll(Texts.ToArbitrary(), text => SourceLines.Join(SourceLines.Split(text)) == text).QuickCheckThrowOnFailure();

    [Fact]
    public void EveryLineButTheLastEndsWithItsBreakAndHasNoOther() =>
        Prop.ForAll(Texts.ToArbitrary(), text =>
        {
            var lines = SourceLines.Split(text);
            return lines.All(line => line.Length > 0)
                && lines.SkipLast(1).All(line => SourceLines.Split(line).Count == 1 && SourceLines.Split(line + "x").Count == 2);
        }).QuickCheckThrowOnFailure();

    [Theory]
    [InlineData("", new string[0])]
    [InlineData("a", new[] { "a" })]
    [InlineData("a\n", new[] { "a\n" })]
    [InlineData("a\r\nb\rc\n\nd", new[] { "a\r\n", "b\r", "c\n", "\n", "d" })]
    public void SplitsAsPythonSplitlinesKeepends(string text, string[] expected) => Assert.Equal(expected, SourceLines.Split(text));
}
