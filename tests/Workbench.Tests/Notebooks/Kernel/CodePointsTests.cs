using FsCheck;
using FsCheck.Fluent;
using Workbench.Notebooks.Kernel;

namespace Workbench.Tests.Notebooks.Kernel;

/// <summary>Cursor positions in code points (protocol 5.2+) against C#'s UTF-16 indices.</summary>
public sealed class CodePointsTests
{
    [Fact]
    public void AnAstralCharacterIsOneCodePointButTwoChars()
    {
        const string text = "a😀b";
        Assert.Equal(3, CodePoints.ToUtf16Index(text, 2));
        Assert.Equal(2, CodePoints.FromUtf16Index(text, 3));
        Assert.Equal(4, CodePoints.ToUtf16Index(text, 99));
        Assert.Equal(3, CodePoints.FromUtf16Index(text, 99));
    }

    [Fact]
    public void ConversionsRoundTripAtEveryCodePointBoundary()
    {
        Prop.ForAll(KernelGen.Text.ToArbitrary(), text =>
        {
            var count = text.EnumerateRunes().Count();
            for (int cp = 0; cp <= count; cp++) Assert.Equal(cp, CodePoints.FromUtf16Index(text, CodePoints.ToUtf16Index(text, cp)));
        }).QuickCheckThrowOnFailure();
    }
}
